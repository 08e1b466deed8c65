//! Every rule is switchable and does something: for each [`Rule`], a short text (written for
//! this test, never corpus text) whose extraction changes when that rule alone is switched
//! off, in the way the table says. A new rule gets a row here.
//!
//! The extractor runs with a neutral confidence model, which keeps every statement: what a
//! rule finds or drops shows whatever the shipped model would make of it. Most texts depend on
//! what the shipped labeller marks in them; a retrained labeller may need some rewritten
//! (`print_differences` below shows what each switch changes).

use whosaid_extract::models::ConfidenceModel;
use whosaid_extract::{Extraction, Extractor, Rule, Rules};

/// One line per statement and per entity, the parts of an extraction that rules change.
fn summary(extraction: &Extraction) -> Vec<String> {
    let mut lines = Vec::new();
    for s in &extraction.statements {
        let cue = s.cue.as_ref().map_or("", |c| c.text.as_str());
        let sources: Vec<&str> = s.sources.iter().map(|x| x.text.as_str()).collect();
        let speakers: Vec<&str> = s.speakers.iter().map(|x| x.name.as_str()).collect();
        let contents: Vec<&str> = s.contents.iter().map(|x| x.text.as_str()).collect();
        lines.push(format!(
            "statement {:?} cue=[{cue}] source=[{}] speaker=[{}] content=[{}]",
            s.kind,
            sources.join("|"),
            speakers.join("&"),
            contents.join("|"),
        ));
    }
    for e in &extraction.entities {
        lines.push(format!(
            "entity {} {:?} roles=[{}]",
            e.name,
            e.entity_type,
            e.roles.join("|")
        ));
    }
    lines
}

/// A rule, a text, a fragment of a [`summary`] line that shows only with the rule, and one
/// that shows only without it ("" when the change is that something is gone).
struct Case {
    rule: Rule,
    text: &'static str,
    with_rule: &'static str,
    without_rule: &'static str,
}

const CASES: &[Case] = &[
    Case {
        rule: Rule::ReopenedQuoteToPreviousCue,
        text: "Ana Ruiz spoke after the harvest.\n\nShe said: “The harvest was poor this year.\n\n“We will need help from the region before the winter comes.”",
        with_rule: "content=[“The harvest was poor this year.|“We will need help from the region before the winter comes.”]",
        without_rule: "content=[“The harvest was poor this year.]",
    },
    Case {
        rule: Rule::FurnitureAttributesNothing,
        text: "The council met on Monday.\n\nRead more:\nPresident says talks will resume next week\nStorm batters coast",
        with_rule: "",
        without_rule: "cue=[says]",
    },
    Case {
        rule: Rule::DropNamingCues,
        text: "Critics have dubbed the plan “a tax on rain”.",
        with_rule: "",
        without_rule: "cue=[have dubbed]",
    },
    Case {
        rule: Rule::DropCalledNames,
        text: "The museum sold a poem called “Winter Light” to a collector.",
        with_rule: "",
        without_rule: "cue=[called]",
    },
    Case {
        rule: Rule::DropSpeculation,
        text: "Some economists may argue that the tax will never pay for itself.",
        with_rule: "",
        without_rule: "cue=[may argue]",
    },
    Case {
        rule: Rule::DropCuesThatDoNotReport,
        text: "Reporters seized on Hale’s view that the dam was safe.",
        with_rule: "",
        without_rule: "cue=[view]",
    },
    Case {
        rule: Rule::DropCuesWithoutAttributionWord,
        text: "The band was back on stage, with the singer and guitarist hitting “Takin’ It To the Streets,” the crowd cheering.",
        with_rule: "",
        without_rule: "cue=[hitting]",
    },
    Case {
        rule: Rule::DropTopicCues,
        text: "The senator raised questions about whether the budget was legal.",
        with_rule: "",
        without_rule: "cue=[raised questions about]",
    },
    Case {
        rule: Rule::DropObjectsWithoutSaying,
        text: "The researchers observed the moon for 17 nights in a row.",
        with_rule: "",
        without_rule: "cue=[observed]",
    },
    Case {
        rule: Rule::DropCuesInsideReportedContent,
        text: "According to his lawyer, the mayor denies every charge.",
        with_rule: "",
        without_rule: "cue=[denies]",
    },
    Case {
        rule: Rule::AccordingToSource,
        text: "According to Ruth Vale, a spokeswoman for the port, the cranes are safe.",
        with_rule: "source=[Ruth Vale]",
        without_rule: "source=[Ruth Vale, a spokeswoman for the port]",
    },
    Case {
        rule: Rule::PassiveAgentSource,
        text: "The plan was condemned by the farmers' union as a disaster for the valley.",
        with_rule: "source=[the farmers' union]",
        without_rule: "source=[The plan]",
    },
    Case {
        rule: Rule::RaisedSubjectIsNotSource,
        text: "His mother, Queen Elizabeth, was said to have been disapproving of the idea.",
        with_rule: "source=[]",
        without_rule: "source=[Queen Elizabeth]",
    },
    Case {
        rule: Rule::SpeakerAfterQuote,
        text: "\"Two of the three requirements for life are found all over the solar system. But the third — liquid water — is somewhat hard to find beyond Earth,\" study lead author Ana Ruiz, a planetary scientist at the Lunar Research Center in Boulder, Colorado, and Mesa State University in Grand Junction, Colorado, said in a statement.",
        with_rule: "speaker=[Ana Ruiz]",
        without_rule: "speaker=[Mesa State University]",
    },
    Case {
        rule: Rule::InvertedCueSource,
        text: "The real problem in the valley, says Tom Berg, is the cost of housing.",
        with_rule: "source=[Tom Berg] speaker=[Tom Berg] content=[The real problem in the valley|is the cost of housing]",
        without_rule: "source=[The real problem in the valley]",
    },
    Case {
        rule: Rule::DropGenericYou,
        text: "When you feel that the room is too warm, you should open a window before you sleep.",
        with_rule: "",
        without_rule: "cue=[feel]",
    },
    Case {
        rule: Rule::DropWriterFirstPerson,
        text: "We think that the company did this to make repairs easier for its customers.",
        with_rule: "",
        without_rule: "cue=[think] source=[We]",
    },
    Case {
        rule: Rule::ParsedSubject,
        text: "The minister, having met the unions twice, finally conceded that the cuts were too deep.",
        with_rule: "source=[The minister]",
        without_rule: "",
    },
    Case {
        rule: Rule::SubjectOverRelativePronoun,
        text: "The minister, who claims the cuts are fair, admitted on Friday that they were too deep.",
        with_rule: "cue=[admitted] source=[The minister]",
        without_rule: "cue=[admitted] source=[who]",
    },
    Case {
        rule: Rule::NextParagraphAfterColon,
        text: "The council cut the budget again.\n\nThe Valley Gazette reported:\n\nCouncil members learned on Monday that the budget had been cut twice since May.",
        with_rule: "content=[Council members learned on Monday that the budget had been cut twice since May.]",
        without_rule: "",
    },
    Case {
        rule: Rule::AddClauseBeforeInterposedCue,
        text: "The furnace was the heart of the valley, Mr. Osei said, until the plant went bankrupt in 2019.",
        with_rule: "content=[The furnace was the heart of the valley|until the plant went bankrupt in 2019]",
        without_rule: "content=[until the plant went bankrupt in 2019]",
    },
    Case {
        rule: Rule::ReportClausesAroundInterposedCue,
        text: "The mill was the largest employer in the county, Ms. Varga recalled, until the river flooded.",
        with_rule: "content=[The mill was the largest employer in the county|until the river flooded]",
        without_rule: "",
    },
    Case {
        rule: Rule::ReportClauseBeforeClosingCue,
        text: "Nobody expects the mill to reopen, Mr. Varga said.",
        with_rule: "content=[Nobody expects the mill to reopen]",
        without_rule: "cue=[expects]",
    },
    Case {
        rule: Rule::ReportClauseAfterAccordingTo,
        text: "According to his lawyer, yes, and more than once.",
        with_rule: "content=[yes, and more than once]",
        without_rule: "",
    },
    Case {
        rule: Rule::ReportClauseAfterColon,
        text: "Tom Varga runs the mill. Said Varga: “I have never seen the river this high.”",
        with_rule: "cue=[Said]",
        without_rule: "cue=[:]",
    },
    Case {
        rule: Rule::DropStatementsInsideReportedClause,
        text: "The mayor could back the plan, but only if she is convinced that it saves money, Sen. Ruth Vale told the Gazette on Friday.",
        with_rule: "",
        without_rule: "cue=[is convinced]",
    },
    Case {
        rule: Rule::CutPassiveAgentFromContent,
        text: "The plan was criticized by the union as a betrayal of the workers.",
        with_rule: "content=[The plan|as a betrayal of the workers]",
        without_rule: "content=[The plan|by the union as a betrayal of the workers]",
    },
    Case {
        rule: Rule::DropInfinitivesWithoutSource,
        text: "There will be a hearing on Friday to discuss the new bridge.",
        with_rule: "",
        without_rule: "cue=[to discuss]",
    },
    Case {
        rule: Rule::DropUnsourcedWithoutSaying,
        text: "The new tablet is expected to go on sale in Europe next spring.",
        with_rule: "",
        without_rule: "cue=[is expected]",
    },
    Case {
        rule: Rule::TrimClosingPunctuation,
        text: "Mr. Berg, the former mayor of Lund, stated that the port was safe.",
        with_rule: "source=[Mr. Berg, the former mayor of Lund]",
        without_rule: "source=[Mr. Berg, the former mayor of Lund,]",
    },
    Case {
        rule: Rule::KeepRelativePronounAlone,
        text: "She is one of several doctors who wrote to the minister warning that the wards were full.",
        with_rule: "source=[who]",
        without_rule: "source=[who wrote to the minister]",
    },
    Case {
        rule: Rule::ReportedlyAttributes,
        text: "Earlier this year, the publisher reportedly laid off more than 60 employees, and the union has now sued it.",
        with_rule: "cue=[reportedly] source=[] speaker=[] content=[the publisher|laid off more than 60 employees]",
        without_rule: "",
    },
    Case {
        rule: Rule::SpeakerLabels,
        text: "The Gazette spoke to Mayor Dana Cole on Monday. This is an edited transcript.\n\nGAZETTE: How will the town pay for the new school?\n\nCOLE: We will borrow against the tax revenue, and the state will pay the rest.",
        with_rule: "source=[COLE] speaker=[Dana Cole]",
        without_rule: "",
    },
    Case {
        rule: Rule::LabelsMustRecur,
        text: "Arrests\n\nJane Roe: Theft of a car, held in jail in lieu of $5,000 bond.\n\nJohn Poe: Burglary, held in jail in lieu of $2,000 bond.",
        with_rule: "",
        without_rule: "cue=[:] source=[Jane Roe]",
    },
    Case {
        rule: Rule::NewsroomNotesAreNotSpeakers,
        text: "The vote was held on Monday.\n\nCORRECTION: An earlier version of this story gave the wrong date for the vote.",
        with_rule: "",
        without_rule: "source=[CORRECTION]",
    },
    Case {
        rule: Rule::DatelinesAreNotSpeakers,
        text: "Deportees return\n\nNEW DELHI: Nearly 150 Indians returned home on Wednesday after they were deported.",
        with_rule: "",
        without_rule: "source=[NEW DELHI]",
    },
    Case {
        rule: Rule::SignedParagraphs,
        text: "Fans cheered the result on Saturday.\n\nWhat a night for the club, and what a goal in the last minute!\n\n— Harbor United (@HarborUnited) May 2, 2024",
        with_rule: "source=[Harbor United] speaker=[Harbor United] content=[What a night for the club, and what a goal in the last minute!]",
        without_rule: "",
    },
    Case {
        rule: Rule::BracketedSignatures,
        text: "The early reviews of the new console are in.\n\nThe console is fast, and it works well on a television with no lag at all.\n\n[ Tech Weekly ]\n\nPrices start at 300 dollars.",
        with_rule: "source=[Tech Weekly] speaker=[Tech Weekly] content=[The console is fast, and it works well on a television with no lag at all.]",
        without_rule: "",
    },
    Case {
        rule: Rule::QuoteContinuations,
        text: "“We have made real progress today,” Ms. Berg said.\n\n“There is still a long road ahead, but we are ready for it.”",
        with_rule: "content=[“We have made real progress today,”|“There is still a long road ahead, but we are ready for it.”]",
        without_rule: "content=[“We have made real progress today,”]",
    },
    Case {
        rule: Rule::InterviewLabels,
        text: "The treasurer, Omar Reyes, spoke to us about the budget this week.\n\nQ: Will taxes rise?\n\nA: We will not raise taxes this year.",
        with_rule: "source=[A] speaker=[Omar Reyes]",
        without_rule: "source=[A] speaker=[A]",
    },
    Case {
        rule: Rule::InterviewerWe,
        text: "Harbor City FC is delighted to welcome Marta Quill as our new head coach.\n\nWe asked her about her plans for the season.\n\nQ: What will change first?\n\nA: We will train harder and press higher up the pitch.",
        with_rule: "source=[We] speaker=[Harbor City FC]",
        without_rule: "source=[We] speaker=[]",
    },
    Case {
        rule: Rule::AppositiveNamesSpeaker,
        text: "The finance chief, Ravi Patel, said the budget was balanced.",
        with_rule: "speaker=[Ravi Patel]",
        without_rule: "speaker=[finance chief]",
    },
    Case {
        rule: Rule::AppositiveGivesRole,
        text: "Senator Ruth Lang, Republican of Iowa, said the bill would pass before the recess.",
        with_rule: "entity Ruth Lang Person roles=[Senator|Republican of Iowa]",
        without_rule: "entity Ruth Lang Person roles=[Senator]",
    },
    Case {
        rule: Rule::OrganisationByDescription,
        text: "Silver Harbor, the company that owns her early records, says she may perform them on tour.",
        with_rule: "entity Silver Harbor Organisation roles=[]",
        without_rule: "entity Silver Harbor Person roles=[]",
    },
    Case {
        rule: Rule::PersonBeforePreposition,
        text: "Dr. Lena Ortiz of the Coastal Department of Health says the water is safe again.",
        with_rule: "speaker=[Lena Ortiz]",
        without_rule: "speaker=[Dr. Lena Ortiz of the Coastal Department of Health]",
    },
    Case {
        rule: Rule::OrganisationBeforePlace,
        text: "According to the Institute for Marine Research (IMR) in Norway, sea levels rose faster than expected last year.",
        with_rule: "speaker=[Institute for Marine Research (IMR)]",
        without_rule: "speaker=[Norway]",
    },
    Case {
        rule: Rule::NameAfterPrepositionIsNotSpeaker,
        text: "Some members of the Harbour Council said the plan had been rushed through.",
        with_rule: "speaker=[members of the Harbour Council]",
        without_rule: "speaker=[Harbour Council]",
    },
    Case {
        rule: Rule::ConjoinedSpeakers,
        text: "Both Chancellor Olaf Weber and President Claire Dubois vowed to defend the treaty at all costs.",
        with_rule: "speaker=[Olaf Weber&Claire Dubois]",
        without_rule: "speaker=[Claire Dubois]",
    },
    Case {
        rule: Rule::PossessorSpeaks,
        text: "The Valley Gazette’s report today claims that the council hid the costs from voters.",
        with_rule: "speaker=[Valley Gazette]",
        without_rule: "speaker=[The Valley Gazette’s]",
    },
    Case {
        rule: Rule::DocumentSpeaksForAuthor,
        text: "Rents rose 6 percent last year, according to the Annual Housing report from Harbor Analytics.",
        with_rule: "speaker=[Harbor Analytics]",
        without_rule: "speaker=[Annual Housing report from Harbor Analytics]",
    },
    Case {
        rule: Rule::RelativeThatAntecedent,
        text: "There are lawmakers that say the budget is too small.",
        with_rule: "speaker=[]",
        without_rule: "speaker=[that]",
    },
    Case {
        rule: Rule::RelativeWhoDescription,
        text: "The first firefighters were met by a night guard who told them the alarms had been off for weeks.",
        with_rule: "speaker=[night guard]",
        without_rule: "speaker=[]",
    },
    Case {
        rule: Rule::ItMakesAnOrganisation,
        text: "Boeing said the jet was safe. It said the tests would resume in May.",
        with_rule: "source=[It] speaker=[Boeing]",
        without_rule: "source=[It] speaker=[]",
    },
    Case {
        rule: Rule::PronounPrefersLastSpeaker,
        text: "Anna Berg met Ruth Evans in the city on Tuesday, and Evans said the tax was unfair. She said the talks went well.",
        with_rule: "source=[She] speaker=[Ruth Evans]",
        without_rule: "source=[She] speaker=[Anna Berg]",
    },
    Case {
        rule: Rule::PronounAvoidsPeopleTalkedAbout,
        text: "John Marsh arrived at the hearing on Monday. Critics argued that Peter Hall had misled the board. He said the claims were false.",
        with_rule: "speaker=[John Marsh]",
        without_rule: "speaker=[Peter Hall]",
    },
    Case {
        rule: Rule::LoneProperNounIsAName,
        text: "The housing minister Ana Cole spoke on Monday. Sales fell 8 percent in October, according to HomeStat.",
        with_rule: "entity HomeStat Organisation roles=[]",
        without_rule: "entity HomeStat Person roles=[]",
    },
    Case {
        rule: Rule::DescriptionCore,
        text: "A spokesperson who did not wish to be named said the plant would close in May.",
        with_rule: "speaker=[spokesperson]",
        without_rule: "speaker=[A spokesperson who did not wish to be named]",
    },
    Case {
        rule: Rule::DescriptionMatchesRole,
        text: "Dr. Jane Smith, a climate scientist at Oxford University, presented the study on Monday.\n\nThe scientist warned that crops would fail without rain.",
        with_rule: "speaker=[Jane Smith]",
        without_rule: "speaker=[scientist]",
    },
    Case {
        rule: Rule::DescriptionPlaceMustMatch,
        text: "Norway's foreign ministry called the fishing deal \"a fair compromise\" on Monday.\n\nThe Danish foreign ministry said it would ask for the quotas to be reviewed.",
        with_rule: "speaker=[Danish foreign ministry]",
        without_rule: "source=[The Danish foreign ministry] speaker=[Norway's foreign ministry]",
    },
    Case {
        rule: Rule::PersonAnaphor,
        text: "Lena Holm sang for two hours on Sunday.\n\nThe singer told the audience that it was her last tour.",
        with_rule: "speaker=[Lena Holm]",
        without_rule: "speaker=[singer]",
    },
    Case {
        rule: Rule::OrganisationAnaphor,
        text: "Harbor Analytics Inc. picked five suppliers on Monday.\n\nThe company said the deal would cut costs.",
        with_rule: "speaker=[Harbor Analytics Inc.]",
        without_rule: "speaker=[company]",
    },
    Case {
        rule: Rule::CataphoricName,
        text: "The union's chief negotiator has warned that the strike could last for weeks.\n\nMaria Rossi made the remarks in Turin on Friday.",
        with_rule: "speaker=[Maria Rossi]",
        without_rule: "speaker=[union's chief negotiator]",
    },
    Case {
        rule: Rule::SurnameOpeningAClause,
        text: "The board heard from two former pilots, Ann Marsh and Tom Young, on Friday.\n\nYoung, in his own evidence, took a harder line. \"The airline cannot afford both routes,\" he said.",
        with_rule: "speaker=[Tom Young]",
        without_rule: "speaker=[Ann Marsh]",
    },
    Case {
        rule: Rule::PersonOfAPlace,
        text: "Mark Olsen of Texas said the bill would pass before the summer.",
        with_rule: "speaker=[Mark Olsen]",
        without_rule: "speaker=[Mark Olsen of Texas]",
    },
    Case {
        rule: Rule::PersonOfAnOrganisation,
        text: "Maria Elena Ruiz of the University of Harbor said the bridge was safe.",
        with_rule: "speaker=[Maria Elena Ruiz]",
        without_rule: "speaker=[Maria Elena Ruiz of the University of Harbor]",
    },
    Case {
        rule: Rule::FirstNameGender,
        text: "Peter Hale met the press on Monday.\n\nA reporter, Emily Ross, asked whether the bridge would open soon.\n\n\"It will open in May,\" he said.",
        with_rule: "source=[he] speaker=[Peter Hale]",
        without_rule: "source=[he] speaker=[Emily Ross]",
    },
    Case {
        rule: Rule::AmpersandJoinsNames,
        text: "Pacific Gas & Electric Co. said on Monday that it would cut power to 300,000 homes. PG&E said the winds were too strong.",
        with_rule: "source=[PG&E] speaker=[Pacific Gas & Electric Co.]",
        without_rule: "source=[PG&E] speaker=[PG&E]",
    },
    Case {
        rule: Rule::AcronymLinksFullName,
        text: "Officials from the Western Rail Authority met in Leeds on Monday.\n\nThe WRA said the line would reopen in May.",
        with_rule: "speaker=[Western Rail Authority]",
        without_rule: "speaker=[WRA]",
    },
    Case {
        rule: Rule::CueAfterClosedQuote,
        text: "Rep. Tom Hale pushed for a bigger fleet.\n\n“I understand there is real confidence among the prime suppliers for the fleet to be able to make three engines a year starting in 2025,” he said, including the first Model 7C.",
        with_rule: "cue=[said] source=[he] speaker=[Tom Hale]",
        without_rule: "",
    },
    Case {
        rule: Rule::AccordingToADocumentAfterACue,
        text: "Tom Hale spoke on Monday.\n\n\"Here we are on a historic day,\" he told harbor workers, according to a statement.",
        with_rule: "cue=[told] source=[he] speaker=[Tom Hale]",
        without_rule: "cue=[according to]",
    },
    Case {
        rule: Rule::NestedQuotes,
        text: "“We had the money,” Mayor Tom Hale recalled on Monday. “And I said, ‘I want more.’ The builders said no.”",
        with_rule: "cue=[said] source=[I] speaker=[Tom Hale] content=[‘I want more.’]",
        without_rule: "",
    },
    Case {
        rule: Rule::DropReferringCues,
        text: "Senator Jane Roe testified for an hour, referring to the company on whose board her brother sat.",
        with_rule: "",
        without_rule: "cue=[referring to]",
    },
    Case {
        rule: Rule::DropThatIsToSay,
        text: "The report was late. Which is not to say that the work was poor.",
        with_rule: "",
        without_rule: "cue=[is not to say]",
    },
    Case {
        rule: Rule::StatementsInsideSignedParagraphs,
        text: "What the critics say about the Harbor Phone.\n\nThe phone is light and fast, and the screen is bright. Brindle says the battery will last two days.\n\n[ Harbor Post ]\n\nThe camera is the best we have tried this year, and the price is fair.\n\n[ Daily Ledger ]",
        with_rule: "cue=[says] source=[Brindle] speaker=[Brindle] content=[the battery will last two days]",
        without_rule: "",
    },
    Case {
        rule: Rule::QuotesAfterReportedSpeech,
        text: "Mayor Tom Hale said the bridge was only the latest failure of the state.\n\n\"They wanted us to wait and they used every trick to delay the repairs. We will not wait.\"",
        with_rule: "cue=[] source=[Mayor Tom Hale] speaker=[Tom Hale] content=[\"They wanted us",
        without_rule: "",
    },
    Case {
        rule: Rule::AnswersNeedNoFullStop,
        text: "Jane Roe runs the harbor museum.\n\nQ: What do you do on weekends?\n\nA: I sail with my children in the bay.\n\nQ: Favorite place?\n\nA: Harbor Island",
        with_rule: "source=[A] speaker=[Jane Roe] content=[Harbor Island]",
        without_rule: "",
    },
    Case {
        rule: Rule::ReportInAPublication,
        text: "The bridge will close in May, according to a report in the Harbor Ledger.",
        with_rule: "speaker=[Harbor Ledger]",
        without_rule: "speaker=[report in the Harbor Ledger]",
    },
    Case {
        rule: Rule::DocumentNamedBefore,
        text: "A report by the Harbor Institute found that the bridge was unsafe.\n\nThe report says the repairs will cost $4 million.",
        with_rule: "source=[The report] speaker=[Harbor Institute]",
        without_rule: "source=[The report] speaker=[report]",
    },
    Case {
        rule: Rule::AttributiveNamesTakeNoRole,
        text: "The panel heard from Tom Hale, a former HRBA engineer.\n\nHRBA said the line would reopen in May.",
        with_rule: "entity HRBA Organisation",
        without_rule: "entity HRBA Person roles=[former]",
    },
    Case {
        rule: Rule::AcronymOpensAnotherName,
        text: "The HRBA Harbor Express will run from May.\n\nThe Harbor Express said the fares would stay low.",
        with_rule: "speaker=[Harbor Express]",
        without_rule: "speaker=[HRBA Harbor Express]",
    },
    Case {
        rule: Rule::TitleModifiersNeedAHead,
        text: "Home Harbor reported a loss of $4 million for the quarter.",
        with_rule: "speaker=[Home Harbor]",
        without_rule: "speaker=[Harbor]",
    },
    Case {
        rule: Rule::AcronymClosesAProductName,
        text: "Shops still sell the Brindle TV.\n\nBrindle said it would cut prices.",
        with_rule: "speaker=[Brindle] content=[it would cut prices]",
        without_rule: "speaker=[Brindle TV] content=[it would cut prices]",
    },
    Case {
        rule: Rule::AndJoinsAnAcronymsName,
        text: "Harbor Rail and Bus Authority staff met in Leeds on Monday.\n\nHRBA said the line would reopen in May.",
        with_rule: "source=[HRBA] speaker=[Harbor Rail and Bus Authority]",
        without_rule: "source=[HRBA] speaker=[HRBA]",
    },
    Case {
        rule: Rule::ShortNameOfAnOrganisation,
        text: "Shares of Brindle Co. fell on Monday.\n\nBrindle said its sales had halved.",
        with_rule: "source=[Brindle] speaker=[Brindle Co.]",
        without_rule: "source=[Brindle] speaker=[Brindle]",
    },
];

/// Rules whose effect shows only under the PolNeAR convention: under the news convention a
/// later rule drops the statement they change. Each is switched off from the PolNeAR rules.
const POLNEAR_CASES: &[Case] = &[Case {
    rule: Rule::NoSpeakerForImpressions,
    text: "The drought seems to be a serious problem for the farmers. The new bridge is expected to open in May.",
    with_rule: "source=[]",
    without_rule: "source=[The new bridge]",
}];

fn extractor() -> Extractor {
    Extractor::new().with_confidence(ConfidenceModel::neutral())
}

#[test]
fn every_rule_changes_its_text_when_switched_off_alone() {
    for &rule in Rule::ALL {
        assert!(
            CASES
                .iter()
                .chain(POLNEAR_CASES)
                .any(|case| case.rule == rule),
            "{rule} has no case: add a text whose extraction it changes"
        );
    }
    let extractor = extractor();
    let news = CASES.iter().map(|case| (case, Rules::all()));
    let polnear = POLNEAR_CASES
        .iter()
        .map(|case| (case, whosaid_extract::Convention::PolNear.rules()));
    for (case, rules) in news.chain(polnear) {
        let all = summary(&extractor.with_rules(rules).extract(case.text));
        let without = summary(
            &extractor
                .with_rules(rules.without(case.rule))
                .extract(case.text),
        );
        assert_ne!(
            all, without,
            "{}: switching it off changes nothing",
            case.rule
        );
        let shows = |fragment: &str, mine: &[String], other: &[String], side: &str| {
            if fragment.is_empty() {
                return;
            }
            assert!(
                mine.iter().any(|line| line.contains(fragment)),
                "{}: {fragment:?} missing {side} the rule:\n{mine:#?}",
                case.rule
            );
            assert!(
                !other.iter().any(|line| line.contains(fragment)),
                "{}: {fragment:?} shows on both sides:\n{other:#?}",
                case.rule
            );
        };
        shows(case.with_rule, &all, &without, "with");
        shows(case.without_rule, &without, &all, "without");
    }
}

#[test]
fn the_default_is_every_rule() {
    assert_eq!(Extractor::new().rules(), Rules::all());
    let none = Extractor::builder().rules(Rules::none()).build();
    assert_eq!(none.rules(), Rules::none());
    assert_eq!(none.with_rules(Rules::all()).rules(), Rules::all());
    // The snapshot tests (tests/articles.rs) hold the output with every rule unchanged.
    let text = CASES[0].text;
    assert_eq!(
        Extractor::new().with_rules(Rules::all()).extract(text),
        Extractor::new().extract(text)
    );
}

#[test]
fn the_polnear_convention_is_every_rule_but_the_news_only_ones() {
    use whosaid_extract::Convention;
    assert_eq!(Convention::News.rules(), Rules::all());
    let polnear = Convention::PolNear.rules();
    for &rule in Rule::ALL {
        assert_eq!(polnear.contains(rule), !rule.news_only(), "{rule}");
    }
    assert!(Rule::ALL.iter().any(|rule| rule.news_only()));
    for convention in Convention::ALL {
        assert_eq!(Convention::from_name(convention.name()), Some(convention));
    }
    assert_eq!(Convention::from_name("PolNeAR"), None);
}

#[test]
fn the_core_alone_finds_statements_with_contents() {
    let core = extractor().with_rules(Rules::none());
    let mut found = 0;
    for case in CASES {
        for statement in core.extract(case.text).statements {
            assert!(!statement.contents.is_empty(), "{}", case.text);
            found += 1;
        }
    }
    assert!(found > CASES.len() / 2, "{found}");
}

#[test]
fn rule_names_round_trip_and_a_bad_one_is_named() {
    assert_eq!(Rules::from_names(&Rules::all().names()), Ok(Rules::all()));
    let names: std::collections::HashSet<&str> = Rule::ALL.iter().map(|r| r.name()).collect();
    assert_eq!(names.len(), Rule::ALL.len());
    let err = Rules::from_names("drop-speculation,drop-everything").unwrap_err();
    assert!(err.to_string().contains("\"drop-everything\""), "{err}");
    assert!(err.to_string().contains("speaker-labels"), "{err}");
}

/// Prints, for every case, the lines only the full extractor and only the one without the
/// rule give: what the table's fragments are taken from. `ONLY=rule-name,… cargo test -p
/// whosaid-extract --test rules -- --ignored --nocapture` (`DUMP=1` prints both whole).
#[test]
#[ignore]
fn print_differences() {
    let extractor = extractor();
    let only = std::env::var("ONLY").unwrap_or_default();
    for case in CASES
        .iter()
        .filter(|c| only.is_empty() || only.split(',').any(|o| o == c.rule.name()))
    {
        let all = summary(&extractor.extract(case.text));
        let without = summary(
            &extractor
                .with_rules(Rules::all().without(case.rule))
                .extract(case.text),
        );
        println!("== {}", case.rule);
        if std::env::var("DUMP").is_ok() {
            for line in &all {
                println!("ALL\t{}\t{line}", case.rule);
            }
            for line in &without {
                println!("WITHOUT\t{}\t{line}", case.rule);
            }
        }
        for line in all.iter().filter(|l| !without.contains(l)) {
            println!("  with:    {line}");
        }
        for line in without.iter().filter(|l| !all.contains(l)) {
            println!("  without: {line}");
        }
        if all == without {
            println!("  SAME; all:");
            for line in &all {
                println!("           {line}");
            }
        }
    }
}
