"""The chase level type: catch the trafficker, dodge the drugs, learn from every hit."""
