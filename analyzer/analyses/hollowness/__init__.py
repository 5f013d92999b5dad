"""Hollowness (空话套话): sentence features, the calibrated model, and the reasons given to the writer."""
