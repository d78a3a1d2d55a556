"""RQ jobs and the periodic schedule: a thin face over reassure."""
