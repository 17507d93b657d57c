// Verification policies and the report live here.
