"""Writers: forms rendered for terminals and as text documents."""
