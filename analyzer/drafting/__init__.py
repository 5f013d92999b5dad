"""The speechwriter's assistant: suggestions, edits applied to a draft, exemplar sentences from reference documents."""
