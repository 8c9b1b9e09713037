"""On-site inspections: the record and its team, checklists, hazards and their lifecycle, signing,
the inspection documents, photos and an enterprise's history."""
