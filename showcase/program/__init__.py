"""The printed program: run of show, finalists, PDFs (A5 booklet, A4 sheet) and publishing."""
