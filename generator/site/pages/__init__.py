"""The generated pages, one module per kind: each function takes the site's `Renderer` and
returns the page (or yields the pages) of one subject. `generator.site.generate` calls
them in navigation order."""
