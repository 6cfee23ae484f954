"""Page objects, named scenarios and a pytest plugin for the QBO Bank Feeds Sandbox."""
