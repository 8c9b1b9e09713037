"""The demo data: a city-scale registry, officers and a year of penalty cases, deterministic."""
