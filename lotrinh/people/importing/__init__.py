"""Reading learner lists from the files schools send (xlsx, xls, ods, csv).

- ``reader``: bytes → sheets of cell values (python-calamine, or the csv module for text files).
- ``headers``: finds the header row among title rows by scoring rows against Vietnamese synonyms.
- ``parse``: turns each data row into clean learner values and per-cell problems (codes, not text).
- ``messages``: the translated text of each problem code (the only module here that imports Django).

``reader``, ``headers`` and ``parse`` are pure: no Django, dataclasses in and out. The services in
``lotrinh.people.import_services`` validate the rows with the same rules as the learner form and commit.
"""
