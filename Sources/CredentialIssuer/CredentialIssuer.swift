// Workspace, registry and issuance live here.
