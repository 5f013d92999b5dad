"""Renderings of Reports: json/jsonl (the contract), table (terminal), and later csv, xlsx, html, docx."""
