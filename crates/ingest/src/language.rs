//! Which language an article is in, so that only English reaches the English models.
//!
//! whatlang's trigram profiles are reliable on a paragraph or more, but on a few words they
//! guess, and on mixed scripts they go by the script with most letters. So the share of English
//! function words decides first: any English sentence is full of them and other languages
//! almost never are. whatlang names the language of the rest.

/// How much text is looked at: a few paragraphs decide, and a huge document costs no more.
const SAMPLE_BYTES: usize = 8 * 1024;

/// Fewer words than this cannot be told apart (is "Bravo, Maria" English?): such a text is
/// undetermined, and extracted from, since the models find nothing in it unless it is English.
const MIN_WORDS: usize = 5;

/// Share of words that must be English function words to call a text English (English news
/// prose has 30–40% of these forty words; German, French or Spanish a few percent).
const FUNCTION_WORD_SHARE: f64 = 0.15;

/// English, or what else the text is in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Language {
    /// English.
    English,
    /// Another language, as whatlang names it.
    Other(whatlang::Lang),
    /// Too little text, or not enough letters, to say.
    Undetermined,
}

impl Language {
    /// ISO 639-3 code, `und` when undetermined.
    pub fn code(self) -> &'static str {
        match self {
            Language::English => "eng",
            Language::Other(lang) => lang.code(),
            Language::Undetermined => "und",
        }
    }
}

/// Detects the language of `text` from its first few kilobytes.
pub fn detect(text: &str) -> Language {
    let mut end = text.len().min(SAMPLE_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let sample = &text[..end];
    let words = sample
        .split(|c: char| !c.is_alphabetic())
        .filter(|word| !word.is_empty())
        .take(MIN_WORDS)
        .count();
    if words < MIN_WORDS {
        return Language::Undetermined;
    }
    // English prose quoting another script (a Hebrew name, an Arabic slogan) can have more
    // letters of that script than Latin ones, which is all whatlang sees first; its function
    // words still show it is English.
    if function_word_share(sample) >= FUNCTION_WORD_SHARE {
        return Language::English;
    }
    match whatlang::detect(sample) {
        Some(info) if info.lang() == whatlang::Lang::Eng => Language::English,
        Some(info) => Language::Other(info.lang()),
        None => Language::Undetermined,
    }
}

fn function_word_share(text: &str) -> f64 {
    const FUNCTION_WORDS: [&str; 40] = [
        "the", "of", "and", "to", "a", "in", "is", "that", "it", "was", "for", "on", "are", "with",
        "as", "he", "she", "they", "be", "at", "by", "this", "have", "from", "or", "had", "not",
        "but", "what", "we", "were", "said", "his", "her", "an", "will", "has", "would", "there",
        "their",
    ];
    let mut words = 0usize;
    let mut function = 0usize;
    for word in text.split(|c: char| !c.is_alphabetic() && c != '\'') {
        if word.is_empty() {
            continue;
        }
        words += 1;
        let lower = word.to_lowercase();
        if FUNCTION_WORDS.contains(&lower.as_str()) {
            function += 1;
        }
    }
    if words == 0 {
        return 0.0;
    }
    function as f64 / words as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_and_other_languages_are_told_apart() {
        let english = "The minister said on Monday that the government would not change its \
                       plans, despite protests in the capital over the weekend.";
        assert_eq!(detect(english), Language::English);
        let german = "Der Minister sagte am Montag, die Regierung werde ihre Pläne trotz der \
                      Proteste in der Hauptstadt am Wochenende nicht ändern.";
        assert_eq!(detect(german).code(), "deu");
        let portuguese = "O ministro disse na segunda-feira que o governo não mudaria os seus \
                          planos, apesar dos protestos na capital durante o fim de semana.";
        assert_eq!(detect(portuguese).code(), "por");
        let russian = "Министр заявил в понедельник, что правительство не изменит свои планы.";
        assert_eq!(detect(russian).code(), "rus");
        let mixed = "Yossi Cohen (יוסי כהן) spoke in Tel Aviv. \"We will win,\" Cohen said. \
                     ראש הממשלה אמר: \"אנחנו ננצח\".";
        assert_eq!(detect(mixed), Language::English);
    }

    #[test]
    fn short_english_is_still_english() {
        assert_eq!(detect("“No,” he said."), Language::Undetermined);
        assert_eq!(detect("He said it was over."), Language::English);
        assert_eq!(detect("12345 ... !!!"), Language::Undetermined);
    }
}
