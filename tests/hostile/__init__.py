"""Generators of hostile input files, built in temporary folders at test time."""
