"""Reading untrusted workbooks: the file, its package checked as XML, bounded raw cells with addresses."""
