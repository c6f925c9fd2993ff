"""The one voice pipeline every front end uses: devices opened in one place, speech out, listening in."""
