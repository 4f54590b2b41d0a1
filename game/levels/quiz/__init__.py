"""The quiz level type: single choice, multiple choice and true/false questions."""
