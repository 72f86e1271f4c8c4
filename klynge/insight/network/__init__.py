"""The collaboration network: a pure graph builder (`graph`), its drawing (`drawing`) and the
selectors that feed it (`klynge.insight.selectors.network`)."""
