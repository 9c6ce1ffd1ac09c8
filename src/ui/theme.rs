//! The colour theme: `auto` follows the system's `prefers-color-scheme`, `light` and `dark` force
//! one. The page sets it as `data-theme` on `<html>` (the stylesheet's `color-scheme` then picks
//! every `light-dark()` colour) and keeps the choice in localStorage. Pure names, tested natively.

/// One choice of the `theme` select.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    /// Follow `prefers-color-scheme`.
    #[default]
    Auto,
    Light,
    Dark,
}

impl Theme {
    /// The select's options, in order.
    pub const ALL: [Theme; 3] = [Theme::Auto, Theme::Light, Theme::Dark];

    /// The option value and `data-theme` value.
    pub fn name(self) -> &'static str {
        match self {
            Theme::Auto => "auto",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    /// The theme of an option value or stored text; anything else is `Auto`.
    pub fn from_name(name: &str) -> Theme {
        Theme::ALL.into_iter().find(|t| t.name() == name.trim()).unwrap_or_default()
    }
}

/// The localStorage key of the choice.
pub const STORAGE_KEY: &str = "schedule-explorer.theme";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_unknown_text_follows_the_system() {
        for t in Theme::ALL {
            assert_eq!(Theme::from_name(t.name()), t);
        }
        assert_eq!(Theme::from_name("purple"), Theme::Auto);
        assert_eq!(Theme::from_name(" dark\n"), Theme::Dark);
    }
}
