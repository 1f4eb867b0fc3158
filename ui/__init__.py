"""The clerks' Streamlit app: one page per clerk job; it calls ``tasks`` and ``db``, nothing else."""
