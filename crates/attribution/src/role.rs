//! The label set: BIO over the three attribution roles.

/// The attribution role of one token, in BIO form: `B*` starts a span, `I*` continues the span
/// started by the nearest `B*` of the same role to its left, `O` is outside every span.
///
/// The discriminant order is part of the model file format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
#[repr(u8)]
pub enum Role {
    /// Outside every span.
    #[default]
    O,
    /// Starts a source.
    BSource,
    /// Continues a source.
    ISource,
    /// Starts a cue.
    BCue,
    /// Continues a cue.
    ICue,
    /// Starts a content.
    BContent,
    /// Continues a content.
    IContent,
}

/// One of the three roles, without the BIO position.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    /// Who speaks.
    Source,
    /// The words that signal speech.
    Cue,
    /// What was said.
    Content,
}

impl Kind {
    /// The three kinds, in index order.
    pub const ALL: [Kind; 3] = [Kind::Source, Kind::Cue, Kind::Content];

    /// `source`, `cue` or `content`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Source => "source",
            Kind::Cue => "cue",
            Kind::Content => "content",
        }
    }

    /// The kind's position in [`Kind::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }
}

impl Role {
    /// Number of labels.
    pub const COUNT: usize = 7;
    /// Every label, in index order (the order of a weight row).
    pub const ALL: [Role; 7] = [
        Role::O,
        Role::BSource,
        Role::ISource,
        Role::BCue,
        Role::ICue,
        Role::BContent,
        Role::IContent,
    ];

    /// The label's position in [`Role::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// The label at `index` in [`Role::ALL`], if there is one.
    pub fn from_index(index: usize) -> Option<Role> {
        Role::ALL.get(index).copied()
    }

    /// The role without its BIO position (`None` for `O`).
    pub fn kind(self) -> Option<Kind> {
        match self {
            Role::O => None,
            Role::BSource | Role::ISource => Some(Kind::Source),
            Role::BCue | Role::ICue => Some(Kind::Cue),
            Role::BContent | Role::IContent => Some(Kind::Content),
        }
    }

    /// Whether this label starts a span.
    pub fn is_begin(self) -> bool {
        matches!(self, Role::BSource | Role::BCue | Role::BContent)
    }

    /// The label that starts a span of `kind`.
    pub fn begin(kind: Kind) -> Role {
        match kind {
            Kind::Source => Role::BSource,
            Kind::Cue => Role::BCue,
            Kind::Content => Role::BContent,
        }
    }

    /// The label that continues a span of `kind`.
    pub fn inside(kind: Kind) -> Role {
        match kind {
            Kind::Source => Role::ISource,
            Kind::Cue => Role::ICue,
            Kind::Content => Role::IContent,
        }
    }

    /// Whether `self` may follow `previous` (`None`: the start of a sequence). An `I*` label
    /// may only continue a span of its own role; everything else may follow anything.
    pub fn may_follow(self, previous: Option<Role>) -> bool {
        match self {
            Role::ISource | Role::ICue | Role::IContent => {
                previous.and_then(Role::kind) == self.kind()
            }
            _ => true,
        }
    }

    /// The label as CoNLL writes it: `O`, `B-SOURCE`, `I-CUE`, …
    pub fn as_str(self) -> &'static str {
        match self {
            Role::O => "O",
            Role::BSource => "B-SOURCE",
            Role::ISource => "I-SOURCE",
            Role::BCue => "B-CUE",
            Role::ICue => "I-CUE",
            Role::BContent => "B-CONTENT",
            Role::IContent => "I-CONTENT",
        }
    }
}

/// Turns any label sequence into a valid BIO one: an `I*` that does not continue a span of its
/// role becomes the `B*` of that role.
pub fn repair(roles: &mut [Role]) {
    let mut previous = None;
    for role in roles.iter_mut() {
        if !role.may_follow(previous) {
            *role = Role::begin(role.kind().expect("only I labels can be invalid"));
        }
        previous = Some(*role);
    }
}

/// The spans of a (valid BIO) label sequence: `(kind, start..end)` in token indexes, in order.
pub fn spans(roles: &[Role]) -> Vec<(Kind, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    let mut open: Option<(Kind, usize)> = None;
    for (i, role) in roles.iter().enumerate() {
        let continues =
            !role.is_begin() && role.kind().is_some() && open.map(|o| o.0) == role.kind();
        if continues {
            continue;
        }
        if let Some((kind, start)) = open.take() {
            out.push((kind, start..i));
        }
        if let Some(kind) = role.kind() {
            open = Some((kind, i));
        }
    }
    if let Some((kind, start)) = open {
        out.push((kind, start..roles.len()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repairs_and_chunks() {
        let mut roles = vec![
            Role::ICue,
            Role::O,
            Role::BSource,
            Role::ISource,
            Role::IContent,
        ];
        repair(&mut roles);
        assert_eq!(
            roles,
            [
                Role::BCue,
                Role::O,
                Role::BSource,
                Role::ISource,
                Role::BContent
            ]
        );
        assert_eq!(
            spans(&roles),
            [
                (Kind::Cue, 0..1),
                (Kind::Source, 2..4),
                (Kind::Content, 4..5)
            ]
        );
        assert_eq!(
            spans(&[Role::BContent, Role::BContent, Role::IContent]),
            [(Kind::Content, 0..1), (Kind::Content, 1..3)]
        );
    }
}
