"""Reassure: the domain. Levels, sites, mentions, content, state and the detector live here;
the faces (widget/, worker/, console/) call into this package and hold no product rules."""

__version__ = "0.1.0"
