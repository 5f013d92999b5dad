"""The analyses: pure functions of (Document, Lexicon, Options) -> annotations; no file reading, printing or UI."""
