"""Reports and publicity: the case-fact projection and the monthly penalty report computed over
it (the same SQL on the laptop and on the server), the year summary sentence, the Excel
exporter every list uses, typical-case bulletins with their anonymisation and publication
records (行政处罚法 Art. 48), and SMS notice lists with their send records."""
