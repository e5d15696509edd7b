"""Bulk import of the resident register from the sheet staff keep (CSV or XLSX).

The entry point is ``backend.residents.importer.import_residents_file``; this package holds its
parts: reading the file, mapping the header, checking rows, planning and writing.
"""
