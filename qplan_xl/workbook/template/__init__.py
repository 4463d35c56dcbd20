"""The template writer: blank and pre-filled workbooks for one school or a whole roster."""
