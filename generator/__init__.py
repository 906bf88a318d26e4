"""cmap: a git-managed company competency map, validated and published as a static site.

Data flows one way, and each layer is a package that imports only the layers below it
(import-linter holds it so: see `[tool.importlinter]` in pyproject.toml):

    cli, commands       the `cmap` command: parses arguments, prints, exits
    starter             a company's own repository: `cmap init`, the example removed
    site | review       the published site (pages, MkDocs edge) | pull-request review
    exchange            imports and exports: CASE, CSV, JSON, worksheets, new files
    analysis            figures computed from the model
    rules               schema checks and the rules across files; loading a repository
    model               the validated map as immutable objects, assembled from documents
    files               reading and writing files: YAML, CSV, git, safe writes
    build_day           the day cmap works for: today, or the day `CMAP_TODAY` names
    paths, problems,    where everything lives; problems as values; progress of long
    progress,           work, reported by any layer and shown only by the commands;
    distribution        cmap as installed (its version, where it came from)
"""
