"""The registry: enterprises and individual businesses, their rules and validation, search (pinyin,
full text), import, jurisdictions and officers with their certificates."""
