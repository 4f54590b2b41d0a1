"""The spot level type: spot the disguised drugs on a shelf of everyday things."""
