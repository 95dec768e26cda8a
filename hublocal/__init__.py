"""Hub Local: the platform of Chile's Hub Nacional de Gobierno Local."""
