"""Year after year: compare two plans, carry last year's plan forward, import Word plans."""
