// Placeholder entry point; the conformance driver replaces it.
return 0;
