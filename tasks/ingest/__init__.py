"""The incoming pipeline's steps: claim, analyse, decide, register, file away."""
