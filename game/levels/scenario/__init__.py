"""The scenario level type: branching refusal dialogues."""
