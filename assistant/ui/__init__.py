"""The browser app's helpers: handlers, rendering and state behind app.py (Gradio)."""
