"""The `assessment` MkDocs plugin: validates quiz files, renders quizzes, vendors Pyodide."""
