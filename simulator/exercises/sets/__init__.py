"""Question sets, one module per episode (filled by the course episodes).

Each module defines ``LESSON = "<episode name>"`` and ``QUESTIONS = (Question(...), ...)``;
:func:`simulator.exercises.lesson` discovers them. Answer functions read truth tables only and
return the true answer (or ``None`` when the case has none); solutions show the method on
visible data and never contain a clear answer.
"""
