"""Penalty cases: the case file and its steps with the procedure's guards, the article catalogue
with the fine ranges and discretion, money, working days and the case documents."""
