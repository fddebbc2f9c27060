"""Reports, pure: the sponsor's status report (model, red/amber/green rule, HTML, Markdown, CSV,
xlsx, timeline SVG) and the digest of what is due. No database, no terminal, no network."""
