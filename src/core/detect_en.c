/* detect_en.c: the detector's English: texting forms and misspellings, contractions, word classes, and the disclosure and abuse rules. */
#include "core.h"
#include "detect_lang.h"

#define DISC	QFLAG_DISCLOSURE
#define ABUSE	QFLAG_ABUSE
#define NEEDP	DETECT_NEEDS_PERSON

/*
 * Respellings, looked up on the word as typed (lower case) and again after
 * stretched letters are squeezed. They are how people type on a phone in a
 * hurry, or afraid: keep them to forms whose meaning is not in doubt.
 */
static const struct detect_spelling spellings[] = {
	/* texting */
	{ "u", "you" }, { "ya", "you" }, { "yu", "you" }, { "ur", "your" },
	{ "r", "are" }, { "n", "and" }, { "w", "with" }, { "b4", "before" },
	{ "pls", "please" }, { "plz", "please" }, { "plss", "please" },
	{ "pleez", "please" }, { "pleaz", "please" }, { "pleas", "please" },
	{ "plez", "please" }, { "bf", "boyfriend" }, { "gf", "girlfriend" },
	{ "bff", "best friend" }, { "bc", "because" }, { "cuz", "because" },
	{ "coz", "because" }, { "cos", "because" }, { "becuz", "because" },
	{ "bcuz", "because" }, { "rn", "right now" },
	{ "idk", "i do not know" }, { "wat", "what" }, { "wut", "what" },
	{ "wht", "what" }, { "wen", "when" }, { "hw", "how" },
	{ "ppl", "people" }, { "sum1", "someone" }, { "some1", "someone" },
	{ "somone", "someone" }, { "sumone", "someone" }, { "any1", "anyone" },
	{ "every1", "everyone" }, { "no1", "no one" }, { "2day", "today" },
	{ "2nite", "tonight" }, { "2night", "tonight" }, { "tnite", "tonight" },
	{ "thru", "through" }, { "kno", "know" }, { "knw", "know" },
	{ "gonna", "going to" }, { "gunna", "going to" }, { "wanna", "want to" },
	{ "gotta", "got to" }, { "hafta", "have to" }, { "tryna", "trying to" },
	{ "lemme", "let me" }, { "gimme", "give me" }, { "dunno", "do not know" },
	{ "outta", "out of" }, { "kinda", "kind of" }, { "imma", "i am going to" },
	{ "ima", "i am going to" }, { "yall", "you all" }, { "y'all", "you all" },
	{ "$", "money" }, { "2", "to" }, { "hrs", "hours" }, { "yrs", "years" },
	{ "yr", "year" }, { "yo", "years old" }, { "yro", "years old" },
	{ "mgr", "manager" }, { "mngr", "manager" }, { "docs", "documents" },
	{ "sis", "sister" }, { "bro", "brother" }, { "roomie", "roommate" },
	{ "mom's", "mom" }, { "fam", "family" }, { "rez", "reservation" },
	/* contractions typed without the apostrophe, or irregular */
	{ "won't", "will not" }, { "wont", "will not" }, { "can't", "can not" },
	{ "cant", "can not" }, { "cnt", "can not" }, { "cannot", "can not" },
	{ "ain't", "is not" }, { "aint", "is not" }, { "shan't", "shall not" },
	{ "dont", "do not" }, { "dnt", "do not" }, { "doesnt", "does not" },
	{ "dosent", "does not" }, { "doesent", "does not" }, { "didnt", "did not" },
	{ "isnt", "is not" }, { "arent", "are not" }, { "wasnt", "was not" },
	{ "werent", "were not" }, { "havent", "have not" }, { "hasnt", "has not" },
	{ "hadnt", "had not" }, { "wouldnt", "would not" },
	{ "couldnt", "could not" }, { "shouldnt", "should not" },
	{ "im", "i am" }, { "youre", "you are" },
	{ "theyre", "they are" }, { "thats", "that is" }, { "whats", "what is" },
	{ "shes", "she is" }, { "hes", "he is" }, { "theyve", "they have" },
	{ "weve", "we have" }, { "youve", "you have" }, { "ive", "i have" }, { "theres", "there is" }, { "lets", "let us" },
	/* misspellings of the words that matter most here */
	{ "pasport", "passport" }, { "passprt", "passport" },
	{ "passort", "passport" }, { "pasprt", "passport" },
	{ "passpot", "passport" }, { "passprot", "passport" },
	{ "pssport", "passport" }, { "passpor", "passport" },
	{ "documets", "documents" }, { "documnets", "documents" },
	{ "docuements", "documents" }, { "dokuments", "documents" },
	{ "paychek", "paycheck" }, { "paycheque", "paycheck" },
	{ "mony", "money" }, { "muney", "money" }, { "monies", "money" },
	{ "famly", "family" }, { "famliy", "family" }, { "familly", "family" },
	{ "freinds", "friends" }, { "frends", "friends" }, { "freind", "friend" },
	{ "frend", "friend" }, { "alowed", "allowed" }, { "aloud", "allowed" },
	{ "alloud", "allowed" }, { "leav", "leave" }, { "leeve", "leave" },
	{ "scard", "scared" }, { "skared", "scared" }, { "scaired", "scared" },
	{ "scaried", "scared" }, { "afriad", "afraid" }, { "afaid", "afraid" },
	{ "traped", "trapped" }, { "trappd", "trapped" },
	{ "threten", "threaten" }, { "thretens", "threatens" },
	{ "threatin", "threaten" }, { "threatins", "threatens" },
	{ "thretened", "threatened" }, { "dauhgter", "daughter" },
	{ "dauter", "daughter" }, { "daugter", "daughter" },
	{ "daughtr", "daughter" }, { "neice", "niece" }, { "cuzin", "cousin" },
	{ "cousen", "cousin" }, { "roomate", "roommate" },
	{ "cowrker", "coworker" }, { "coworkr", "coworker" }, { "bos", "boss" },
	{ "imigration", "immigration" }, { "immagration", "immigration" },
	{ "immigation", "immigration" }, { "traffiked", "trafficked" },
	{ "trafficed", "trafficked" }, { "traficked", "trafficked" },
	{ "trafiking", "trafficking" }, { "traffiking", "trafficking" },
	{ "trafficing", "trafficking" }, { "halp", "help" }, { "hlp", "help" },
	{ "hepl", "help" }, { "hellp", "help" }, { "pimpd", "pimped" },
	{ "giv", "give" }, { "payed", "paid" }, { "dept", "debt" },
	{ "scaed", "scared" }, { "skeered", "scared" },
	/* abuse, spelled to get past a filter */
	{ "fck", "fuck" }, { "fuk", "fuck" }, { "fuq", "fuck" }, { "fcuk", "fuck" },
	{ "phuck", "fuck" }, { "phuk", "fuck" }, { "fvck", "fuck" },
	{ "fukin", "fucking" }, { "fuckin", "fucking" }, { "fking", "fucking" },
	{ "fkn", "fucking" }, { "fkin", "fucking" }, { "effing", "fucking" },
	{ "eff", "fuck" }, { "sht", "shit" }, { "shyt", "shit" },
	{ "biatch", "bitch" }, { "biotch", "bitch" }, { "bytch", "bitch" },
	{ "btch", "bitch" }, { "azz", "ass" }, { "wtf", "what the fuck" },
	{ "stfu", "shut the fuck up" }, { "gtfo", "get the fuck out" },
	{ "kys", "kill yourself" }, { "mf", "motherfucker" },
	{ "mofo", "motherfucker" }, { "stoopid", "stupid" }, { "stupd", "stupid" },
	{ "retart", "retard" }, { "bs", "bullshit" }, { "dumas", "dumbass" },
	/* numbers, for ages */
	{ "ten", "10" }, { "eleven", "11" }, { "twelve", "12" },
	{ "thirteen", "13" }, { "fourteen", "14" }, { "fifteen", "15" },
	{ "sixteen", "16" }, { "seventeen", "17" }, { "eighteen", "18" },
	{ "nineteen", "19" }, { "twenty", "20" }, { "thirty", "30" },
	{ "forty", "40" }, { "fourty", "40" }, { "fifty", "50" }, { "sixty", "60" },
	{ NULL, NULL },
};

static const struct detect_suffix suffixes[] = {
	{ "n't", "not", NULL },
	{ "'re", "are", NULL },
	{ "'ve", "have", NULL },
	{ "'ll", "will", NULL },
	{ "'d", "would", NULL },
	{ "'m", "am", NULL },
	/* he's, that's: "is"; the boss's, my daughter's: the owner alone. */
	{ "'s", "is", "he she it that what who where there here how when why "
	    "this everyone everybody nobody" },
	{ NULL, NULL, NULL },
};

static const char *const class_names[] = {
	"SELF", "MYP", "P3", "P3P", "REL", "PNOUN", "KNOW", "NEG", "ABLE",
	"LEAVE", "CONTACT", "SOCIAL", "TAKE", "DOC", "MONEY", "DEBT", "THREAT",
	"FORCE", "SEXACT", "SELL", "SOLDV", "ONLINE", "CONFINE", "FEAR",
	"MINOR", "MALE", "BE", "PIC", "STRONG", "SLUR", "SEXSLUR", "INSULTN",
	"INSULTA", "TARGET", "TARGET2", "GROUP", "DEHUMAN", "DEHUMAN2", "KILL",
	"SEXBODY", "SEXBODY2", "SEXY", "DOOM", "CONTROLLER", "DOWORK",
	"GIFT", "OLDER", NULL,
};

static const struct detect_class_words words[] = {
	/* who: the asker, their own, the people close to them */
	{ "SELF", "i me myself we us ourselves" },
	{ "MYP", "my mine our ours" },
	{ "P3", "she he they her him them herself himself themselves" },
	{ "P3P", "her his their hers theirs" },
	{ "REL", "sister daughter son friend bestie mom mum mama momma mommy "
	    "mother dad father stepdad stepfather stepmom stepmother "
	    "stepdaughter stepson stepsister stepbrother brother sibling "
	    "girlfriend boyfriend fiance fiancee wife husband partner kid "
	    "child children niece nephew cousin aunt auntie uncle grandma "
	    "grandmother grandpa grandfather granddaughter grandson grandkid "
	    "grandchild roommate coworker colleague neighbor neighbour "
	    "classmate family parent ex baby teen teenager sweetheart twin" },
	{ "PNOUN", "girl boy kid woman lady person someone somebody teen "
	    "student worker child friend youth nanny employee" },
	{ "KNOW", "know knew met" },
	/* control and confinement */
	{ "NEG", "not never no" },
	{ "ABLE", "can could allow allowed let able permit permitted" },
	{ "LEAVE", "leave left quit escape go run move home outside out" },
	{ "CONTACT", "see visit call talk text contact speak meet phone" },
	{ "SOCIAL", "family parents friend mom mother dad kids anyone anybody "
	    "outside people doctor church home worker anyone sister brother "
	    "children husband wife" },
	{ "TAKE", "take takes took taken keep keeps kept hold holds held has "
	    "had got confiscate confiscated steal stole stolen hide hid withhold "
	    "withheld collect collects grab grabbed lock locked control "
	    "controls" },
	{ "DOC", "passport id ids identification papers paper documents "
	    "document visa license licence card certificate ssn phone "
	    "cellphone cell bank account keys" },
	{ "MONEY", "money paycheck check pay wage wages salary earnings tip "
	    "tips cash income dollar dollars savings" },
	{ "DEBT", "owe owes owed owing debt debts loan" },
	{ "THREAT", "threaten threatens threatened threat hurt hurts beat "
	    "beats beating hit hits punch punches slap slaps kick kicks choke "
	    "chokes strangle kill kills rape raped deport deported blackmail "
	    "blackmails expose attack stab shoot abuse abused molest molests "
	    "punish punishes" },
	{ "FORCE", "force forced forces forcing make makes made making "
	    "pressure pressured coerce coerced" },
	{ "SEXACT", "sex sleep slept escort escorting prostitute prostitution "
	    "hook hookup johns john clients client customers customer tricks "
	    "dates strip stripping cam camming onlyfans porn nudes nude naked "
	    "massage" },
	{ "SELL", "sell sells sold selling pimp pimps pimped pimping "
	    "prostitute prostituted auction auctioned" },
	{ "SOLDV", "sold pimped trafficked groomed exploited raped molested "
	    "abused prostituted sextorted blackmailed bought auctioned "
	    "kidnapped enslaved assaulted taken abducted lured smuggled" },
	{ "ONLINE", "online internet ad ads advert website site app snapchat "
	    "snap instagram insta tiktok discord facebook craigslist listing "
	    "post posted posting game games twitter kik" },
	{ "CONFINE", "lock locks locked trap trapped stuck confined imprisoned "
	    "caged guarded captive" },
	{ "FEAR", "scared afraid terrified frightened fear" },
	{ "MINOR", "underage minor teen teenage teenager preteen tween "
	    "highschool freshman sophomore" },
	{ "MALE", "man men guy guys dude dudes male gentleman" },
	{ "BE", "be am is are was were been being get gets got getting gotten" },
	{ "PIC", "pic pics picture pictures photo photos nude nudes video "
	    "videos selfie selfies image images" },
	{ "CONTROLLER", "pimp trafficker john daddy handler abuser captor "
	    "madam" },
	{ "DOWORK", "work sex sleep sell do dance strip date stay service "
	    "please hook escort prostitute steal beg pay have" },
	{ "GIFT", "gift gifts stuff clothes money drugs alcohol weed vape "
	    "vapes presents jewelry nails" },
	{ "OLDER", "older grown adult" },
	/* abuse */
	{ "STRONG", "fuck fucking fucker fucked fucks motherfucker "
	    "motherfucking cunt shit shitty bullshit shithead dipshit cock "
	    "cocksucker twat wanker asshole dickhead pussy" },
	{ "SLUR", "nigger nigga faggot fag dyke tranny retard retarded spic "
	    "wetback beaner chink gook kike towelhead raghead injun squaw "
	    "redskin coon libtard" },
	{ "SEXSLUR", "whore slut bitch skank hoe thot" },
	{ "INSULTN", "idiot moron dumbass jackass dick douche douchebag prick "
	    "bastard loser clown fool imbecile jerk creep pig scum scumbag "
	    "trash garbage joke hypocrite liar freak weirdo cow" },
	{ "INSULTA", "stupid dumb ignorant pathetic useless worthless "
	    "incompetent disgusting ugly fat brainless clueless lame" },
	{ "TARGET", "you your yourself ur ya speaker presenter panel panelist "
	    "moderator host she he they guy lady woman man dude people "
	    "everyone everybody cops police organizer" },
	{ "TARGET2", "you your yourself ya speaker presenter moderator panel "
	    "panelist everyone everybody guy lady dude bitch whore host "
	    "organizer" },
	{ "GROUP", "immigrants illegals mexicans muslims natives indians gays "
	    "lesbians trans blacks people liberals conservatives republicans "
	    "democrats feminists refugees victims survivors prostitutes women "
	    "girls men foreigners they these those them" },
	{ "DEHUMAN", "vermin parasites parasite savages subhuman cockroaches" },
	{ "DEHUMAN2", "animals animal rats filth scum trash garbage dogs "
	    "vermin parasites savages criminals drunks alcoholics junkies" },
	{ "KILL", "kill shoot stab rape hurt beat murder burn bomb strangle "
	    "choke hang lynch punch slap smack hit" },
	{ "DOOM", "die dies dead raped sold killed hurt trafficked burn rot "
	    "suffer shot" },
	{ "SEXBODY", "tits titties boobs boobies" },
	{ "SEXBODY2", "rack butt booty ass legs body tits boobs feet" },
	{ "SEXY", "hot sexy thicc fuckable bangable doable" },
	{ NULL, NULL },
};

/*
 * The rules. Anchors first: they decide who counts as a close person, so
 * that "she" in "my sister says she can't leave" is someone the asker is
 * telling about, while "she" in "how do traffickers control her" is not.
 * Then disclosures, grouped by the situation they describe, then abuse.
 * Write new rules from a situation, not from one sentence; keep gaps small
 * (they are what lets "he keeps all of my passports" match) and never ask
 * for a word the asker may not use.
 */
static const struct detect_pattern patterns[] = {
	/* ---- close persons ---- */
	{ "close person", DETECT_ANCHOR, "MYP ~3 @REL|PNOUN" },
	{ "close person", DETECT_ANCHOR, "@REL|PNOUN ~2 SELF KNOW" },
	{ "close person", DETECT_ANCHOR,
	    "@REL|PNOUN ~3 in|at|from|of|with MYP" },
	{ "close person", DETECT_ANCHOR, "SELF ~1 KNOW|have ~2 @REL|PNOUN" },
	{ "close person", DETECT_ANCHOR, "MYP ~1 @AGE_MINOR" },

	/* ---- not free to leave, or to see anyone ---- */
	{ "not free to leave", DISC, "P ~2 ABLE NEG ~3 LEAVE" },
	{ "not free to leave", DISC, "P ~2 NEG ~2 ABLE ~3 LEAVE" },
	{ "not free to leave", DISC, "NEG ~2 ABLE ~1 P ~3 LEAVE" },
	{ "not free to leave", DISC | NEEDP, "and|but|so ~1 ABLE NEG ~2 LEAVE" },
	{ "not free to leave", DISC,
	    "P ~2 NEG ~1 leave|go|out ~2 house|home|anywhere|alone|outside|"
	    "room|farm|motel|apartment|without|town|ranch|camp|property" },
	{ "kept from family and friends", DISC,
	    "P ~2 ABLE NEG ~2 CONTACT ~3 SOCIAL|MYP|P3P" },
	{ "kept from family and friends", DISC,
	    "P ~2 NEG ~2 ABLE ~2 CONTACT ~3 SOCIAL|MYP|P3P" },
	{ "kept from family and friends", DISC,
	    "P ~2 NEG ~2 ABLE ~2 have|keep|use|own ~2 DOC|MONEY" },
	{ "kept from family and friends", DISC,
	    "NEG ~2 ABLE ~1 P ~2 CONTACT|have|use|keep|go|talk ~3 SOCIAL|MYP|"
	    "P3P|DOC|MONEY|anyone|outside|town" },
	{ "locked in or watched", DISC,
	    "P ~1 BE ~2 CONFINE|kept|held|watched|tracked|followed|monitored" },
	{ "locked in or watched", DISC,
	    "lock|trap|keep|hold ~2 P ~2 in|inside|up|there|locked|home|"
	    "prisoner" },
	{ "locked in or watched", DISC,
	    "watch|track|monitor|follow|spy|film|record ~1 P" },
	{ "locked in or watched", DISC,
	    "track|monitor|read|control|check|go ~1 through? ~1 PP ~2 phone|"
	    "text|texts|messages|money|location|calls|email|bank|account|mail" },
	{ "locked in or watched", DISC | NEEDP,
	    "lock ~3 door|gate|room|trailer|house|us|them ~3 at|night|EOS" },

	/* ---- papers, phone or pay held by someone ---- */
	{ "papers or pay held", DISC, "TAKE ~4 PP ~2 DOC|MONEY" },
	{ "papers or pay held", DISC,
	    "give|take|takes|took|keep|keeps|hand|collect|collects ~4 what ~1 P "
	    "~1 make|earn|made|earned" },
	{ "papers or pay held", DISC,
	    "PP ~2 boss|employer|manager|owner|landlord|recruiter|sponsor|"
	    "boyfriend|husband|uncle|aunt|family|foreman|supervisor|CONTROLLER "
	    "~1 has|have|keeps|holds|took|takes|kept|got|hides ~1 it|them|"
	    "everything|all" },
	{ "papers or pay held", DISC,
	    "PP ~2 DOC|MONEY ~2 BE ~2 taken|with|locked|kept|held|gone|stolen|"
	    "missing|confiscated|hidden" },
	{ "papers or pay held", DISC,
	    "NEG ~2 give|pay|return|hand ~1 P ~3 DOC|MONEY|back" },
	{ "papers or pay held", DISC,
	    "take|get|give|return ~1 P? ~2 PP ~2 DOC|MONEY ~2 back" },
	{ "papers or pay held", DISC | NEEDP,
	    "NEG ~2 give|return|hand ~1 it|them ~1 back" },
	{ "papers or pay held", DISC,
	    "TAKE ~1 the|all|every|most ~1 MONEY ~3 P" },
	{ "papers or pay held", DISC | NEEDP,
	    "P3 ~1 TAKE ~1 all|most|half|everything ~1 of? ~1 it|that|EOS" },
	{ "papers or pay held", DISC | NEEDP,
	    "TAKE ~2 everyone|everybody ~2 DOC|MONEY" },
	{ "papers or pay held", DISC,
	    "SELF ~3 give|hand ~1 P3|everything|all ~3 MONEY|everything" },
	{ "papers or pay held", DISC,
	    "P ~2 NEG ~2 see|get|keep|touch|access ~3 MONEY|DOC" },
	{ "papers or pay held", DISC,
	    "P ~2 have|got|need ~1 to ~2 give|hand|turn ~3 MONEY|everything|"
	    "DOC" },

	/* ---- a debt to work off ---- */
	{ "debt", DISC, "P ~2 owe" },
	{ "debt", DISC, "owe ~1 P" },
	{ "debt", DISC, "PP ~2 debt|loan" },
	{ "debt", DISC | NEEDP,
	    "debt|loan|owe ~3 up|bigger|grows|more|increases|higher" },
	{ "debt", DISC, "P ~4 work|pay ~3 off|back" },
	{ "debt", DISC | NEEDP,
	    "work|pay ~2 off ~3 debt|owe|loan|what|trip|ticket|fee" },

	/* ---- no pay, or pay in kind ---- */
	{ "unpaid work", DISC, "NEG ~2 pay|paid ~1 P" },
	{ "unpaid work", DISC, "P ~3 NEG ~2 paid|pay" },
	{ "unpaid work", DISC,
	    "pay|paid ~1 P ~2 nothing|half|drugs|food|little|in|with" },
	{ "unpaid work", DISC,
	    "P ~3 work|working ~5 for ~2 free|food|nothing|room|rent|board|"
	    "place|tips|drugs|sleep|bed" },
	{ "unpaid work", DISC | NEEDP, "work|working ~2 for ~1 free|nothing" },

	/* ---- threats and violence ---- */
	{ "threats or violence", DISC, "THREAT ~3 P|PP" },
	{ "threats or violence", DISC, "report ~1 P ~3 to? ~1 ice|immigration|"
	    "police|cops|authorities" },
	{ "threats or violence", DISC,
	    "call ~2 ice|immigration|police|cops ~1 on ~1 P" },
	{ "threats or violence", DISC,
	    "P ~3 BE ~1 deported|hurt|killed|beaten|punished|fired|jailed" },
	{ "threats or violence", DISC,
	    "post|send|share|leak|show ~3 PIC ~2 of ~1 P" },
	{ "threats or violence", DISC, "P ~1 BE ~2 in ~1 danger" },
	{ "threats or violence", DISC,
	    "cancel|revoke|report ~2 PP ~1 visa|status|permit|papers|green" },
	{ "threats or violence", DISC | NEEDP,
	    "or ~1 else? ~2 will|would ~2 THREAT|call|report|deport|fire|kill|"
	    "post|tell|send" },
	{ "threats or violence", DISC | NEEDP,
	    "if ~1 P ~2 tell|talk|complain|leave|quit|say|go|try|run|stop|refuse "
	    "+ will|would|going ~3 THREAT|cancel|deport|fire|report|call|kill|"
	    "find|send|post|tell|take|arrest|arrested" },

	/* ---- forced to work or to have sex ---- */
	{ "forced to work or have sex", DISC, "FORCE ~1 P ~3 DOWORK|sex" },
	{ "forced to work or have sex", DISC,
	    "make|makes|made|force|forces ~1 P ~1 go ~2 with|to ~2 MALE|truckers|"
	    "customers|clients|parties|hotel|motel|dates|strangers" },
	{ "forced to work or have sex", DISC,
	    "P ~2 BE ~1 forced|made|pressured|coerced ~2 to|into" },
	{ "forced to work or have sex", DISC,
	    "P ~2 have|got|need|supposed ~1 to ~1 see|meet|sleep|service|"
	    "entertain|please|date|hook|do|go ~3 MALE|customers|clients|johns|"
	    "tricks|dates|strangers|friends" },

	/* ---- sold, pimped, trafficked ---- */
	{ "sold or pimped", DISC, "SELL ~2 P|PP" },
	{ "sold or pimped", DISC, "traffic|trafficking|rent|rents ~1 P" },
	{ "sold or pimped", DISC,
	    "P have|has|had|will|might|may|could|BE? BE ~1 !a|an|the SOLDV ~2 !coordinator|investigator|training|task|"
	    "expert|advocate|prevention|education|research|case|law|awareness|"
	    "court|unit|course|conference|workshop|class|policy|issue|"
	    "statistics|volunteers|ministry|program|team|bill" },
	{ "sold or pimped", DISC, "PP ~2 CONTROLLER" },
	{ "sold or pimped", DISC, "P have|has|had|BE? BE ~1 a|an|the|one? ~2 victim|"
	    "survivor|slave|prisoner ~1 !advocate|advocates|services|center|"
	    "network|fund|support|group|leader|program|organization|"
	    "organizations|led|shelter|housing" },
	{ "sex for money or a place", DISC,
	    "P ~4 SEXACT|trade|trading|sleep|sleeping|hook|with ~4 for ~3 MONEY|rent|"
	    "drugs|weed|place|food|stay|room|ride|meth|bills|roof" },
	{ "sex for money or a place", DISC,
	    "P ~3 sex|sleep ~2 with ~2 PP? ~1 landlord|boss|manager|dealer|"
	    "owner|teacher|coach|supervisor" },
	{ "sex for money or a place", DISC,
	    "MALE|customers|clients ~6 P|PP ~4 for ~2 MONEY|drugs|rent|cash" },
	{ "posted online", DISC, "post|advertise|list ~2 P" },
	{ "posted online", DISC, "ad|ads|pictures|pics|videos ~2 of ~1 P" },

	/* ---- minors ---- */
	{ "a minor and an older man", DISC | NEEDP,
	    "CP|PP ~8 OLDER|old ~1 MALE|boyfriend|friend|friends" },
	{ "a minor and an older man", DISC | NEEDP,
	    "with|dating|seeing|and ~1 a|an|some ~1 AGE_ADULT ~2 year|years ~1 "
	    "old" },
	{ "a minor and an older man", DISC | NEEDP,
	    "OLDER|old ~1 MALE|boyfriend|friend|friends ~6 P|PP" },
	{ "a minor and an older man", DISC | NEEDP,
	    "AGE_ADULT ~2 year|years ~1 old ~1 MALE|boyfriend" },
	{ "a minor and an older man", DISC | NEEDP,
	    "MALE ~2 in ~1 his|their ~1 AGE_ADULT" },
	{ "a minor and an older man", DISC | NEEDP, "sugar ~1 daddy|baby" },
	{ "a minor and an older man", DISC,
	    "SELF ~1 BE ~1 AGE_MINOR|MINOR + MALE|OLDER|ONLINE|MONEY|SEXACT|PIC|"
	    "boyfriend|sugar|SELL|pay|paid|help|FEAR|trouble|parents|boss|manager|"
	    "owner|coach|teacher|landlord" },
	{ "a minor and an older man", DISC,
	    "P ~2 BE ~1 AGE_MINOR|MINOR + MALE|OLDER|SEXACT|PIC|boyfriend|sugar|"
	    "SELL|pay|paid" },
	{ "online grooming", DISC,
	    "ask|asks|asking|want|wants|beg|offer|offering|pay|send ~3 P ~4 PIC|"
	    "sext|money" },
	{ "online grooming", DISC,
	    "want|wants|ask|try|plan|offer ~2 meet|pick|visit ~1 P" },
	{ "online grooming", DISC, "groom|grooming ~1 P|PP" },
	{ "online grooming", DISC,
	    "send|give|buy|buying|sending ~2 P|PP ~3 GIFT" },
	{ "online grooming", DISC | NEEDP,
	    "party|parties ~2 with ~1 OLDER|old ~1 MALE" },

	/* ---- asking for help ---- */
	{ "asking for help", DISC,
	    "help ~1 me ~2 !understand|learn|think|know|find|figure|explain|"
	    "clarify|better|reach|spread|plan|organize|raise|start|remember" },
	{ "asking for help", DISC,
	    "help ~1 us ~1 EOS|please|now|get|escape|leave|out" },
	{ "asking for help", DISC,
	    "please ~1 help|rescue|save ~2 !understand|learn|think|know|find|"
	    "figure|explain|clarify|better|reach|spread|plan|organize|raise" },
	{ "asking for help", DISC, "save|rescue ~1 me|us" },
	{ "asking for help", DISC,
	    "SELF ~2 need ~2 help|rescue|out|away|escape|get ~2 !funding|fund|"
	    "understanding|understand|finding|organizing|planning|spreading|"
	    "raising|with|for" },
	{ "asking for help", DISC,
	    "what ~1 do|should|can ~1 i ~1 do ~1 EOS|now|tonight|please|next" },
	{ "asking for help", DISC,
	    "how ~2 P ~1 get|break|run ~1 out|away|free" },
	{ "asking for help", DISC, "how ~2 P ~1 leave|escape|quit" },
	{ "asking for help", DISC | NEEDP,
	    "how ~1 to ~1 get|break|escape ~1 out|away|free" },
	{ "asking for help", DISC,
	    "who ~1 do|can|should ~1 i ~1 call|tell|talk|contact|ask|trust|go "
	    "~2 EOS" },
	{ "asking if it is trafficking", DISC | NEEDP,
	    "is|am|does ~1 this|that ~2 trafficking|normal|legal|ok|okay|"
	    "allowed|count|sound" },
	{ "asking if it is trafficking", DISC | NEEDP,
	    "is ~1 it ~1 trafficking" },
	{ "it is happening to them", DISC, "happen ~2 to ~1 P|PP" },
	{ "it is happening to them", DISC, "describe ~4 P|PP" },
	{ "it is happening to them", DISC,
	    "BE ~1 PP ~1 life|situation|story|reality" },
	{ "it is happening to them", DISC,
	    "someone|somebody|anyone|people ~1 like ~1 me|us" },
	{ "it is happening to them", DISC, "PP ~1 situation" },
	{ "it is happening to them", DISC,
	    "recognize|recognise|recognized|recognised|saw|see ~1 myself|"
	    "ourselves|PP ~3 in|when|on" },
	{ "it is happening to them", DISC,
	    "sound|sounds|sounded ~1 like ~1 PP|me|us" },
	{ "asking not to be shown", DISC,
	    "NEG ~1 show|put|read|post|display|share ~2 this|it|screen|"
	    "question" },
	{ "fear", DISC, "P ~1 BE ~2 FEAR !for|about|i|we" },
	{ "fear", DISC, "FEAR ~1 for ~1 PP ~1 life|safety" },
	{ "fear", DISC, "EOS ~1 FEAR ~1 !for|about|that" },
	{ "fear", DISC, "P ~2 fear ~2 for ~1 PP" },
	{ "got away, or trying to", DISC, "P ~2 escape|escaped" },
	{ "got away, or trying to", DISC, "P ~2 ran|run|running ~1 away" },
	{ "got away, or trying to", DISC, "P ~1 got|get ~1 out ~2 !word" },
	{ "got away, or trying to", DISC,
	    "SELF ~1 want|need|try|trying ~2 leave|escape|out|away|run ~2 "
	    "!donation|review|comment|note|message" },

	/* ---- abuse: words that are abuse wherever they stand ---- */
	{ "profanity", ABUSE, "STRONG" },
	{ "slur", ABUSE, "SLUR" },
	{ "sexual slur", ABUSE, "SEXSLUR" },
	{ "dehumanising", ABUSE, "DEHUMAN" },
	{ "sexual harassment", ABUSE, "SEXBODY" },
	/* insults aimed at someone */
	{ "insult", ABUSE,
	    "TARGET ~1 BE|r a|an|such|so|the|total|complete|real|absolute|just|"
	    "all|really|truly|fucking? ~1 INSULTN|INSULTA" },
	{ "insult", ABUSE, "TARGET INSULTN|INSULTA" },
	{ "insult", ABUSE,
	    "you|your|yourself a|an|such|so|fucking|total|complete ~1 INSULTN|"
	    "INSULTA" },
	{ "insult", ABUSE, "what|such ~1 a|an ~2 INSULTN" },
	{ "insult", ABUSE, "bunch ~1 of ~2 INSULTN|INSULTA" },
	{ "insult", ABUSE, "EOS INSULTN|INSULTA EOS" },
	{ "insult", ABUSE,
	    "this|that|talk|presentation|session|speech|panel|lecture ~1 BE ~2 "
	    "trash|garbage|joke|crap|propaganda|INSULTA" },
	{ "insult", ABUSE,
	    "INSULTA ~1 talk|presentation|speech|lecture|panel|speaker" },
	{ "insult", ABUSE, "TARGET ~1 suck|sucks|stink" },
	{ "insult", ABUSE, "shut ~2 up" },
	{ "insult", ABUSE, "shut ~1 your|ur ~1 mouth|face|trap|hole" },
	{ "insult", ABUSE, "go ~2 hell" },
	{ "insult", ABUSE, "damn|screw ~1 you|off|this" },
	{ "insult", ABUSE, "piss ~1 off" },
	{ "insult", ABUSE, "get ~2 off ~2 stage" },
	{ "insult", ABUSE, "kiss ~1 my ~1 ass" },
	/* threats */
	{ "threat", ABUSE,
	    "SELF|someone|somebody|should|will|going|go|hope|gon ~3 KILL ~2 "
	    "TARGET2" },
	{ "threat", ABUSE, "EOS kill ~1 yourself" },
	{ "threat", ABUSE, "go ~1 die|kill" },
	{ "threat", ABUSE, "hope ~3 TARGET2|PP ~4 DOOM" },
	{ "threat", ABUSE,
	    "know|find|found|learn ~2 where ~1 you ~1 live|work|sleep|park|stay" },
	{ "threat", ABUSE,
	    "TARGET2 ~2 should|deserve|deserves|need|needs ~2 BE ~1 shot|killed|"
	    "hanged|raped|sold|trafficked|beaten|die|hurt" },
	{ "threat", ABUSE,
	    "someone|somebody|people|we ~1 should|ought|need ~2 KILL" },
	{ "threat", ABUSE, "EOS die ~1 EOS" },
	{ "threat", ABUSE, "watch ~1 your ~1 back" },
	{ "threat", ABUSE, "SELF ~2 going|will ~2 find ~1 you" },
	{ "threat", ABUSE, "you|ya ~1 BE ~1 dead|next" },
	{ "threat", ABUSE, "bomb|shoot|burn ~2 this ~1 place|event|building" },
	/* sexual harassment */
	{ "sexual harassment", ABUSE,
	    "nice|great|hot|sexy ~1 SEXBODY2" },
	{ "sexual harassment", ABUSE, "TARGET ~1 BE ~2 SEXY" },
	{ "sexual harassment", ABUSE,
	    "is ~2 she|he|speaker|moderator|presenter ~1 single|married|"
	    "available" },
	{ "sexual harassment", ABUSE,
	    "hey|hi ~1 hot|sexy|babe|hottie|cutie|sweetie|gorgeous|sweetheart|"
	    "baby|honey" },
	{ "sexual harassment", ABUSE, "EOS send ~1 me|us? ~1 PIC|SEXBODY" },
	{ "sexual harassment", ABUSE,
	    "how ~1 much ~1 for ~2 her|you|blonde|brunette|girl|lady|speaker|"
	    "redhead|night|hour|one" },
	{ "sexual harassment", ABUSE,
	    "SELF ~1 would ~1 pay|fuck|bang|screw|date|sleep|tap|do ~2 her|you|"
	    "speaker|lady|presenter|moderator|that" },
	{ "sexual harassment", ABUSE, "wear|wearing ~2 anything|nothing ~1 under" },
	{ "sexual harassment", ABUSE, "sit ~2 on ~1 my ~1 lap|face|dick" },
	{ "sexual harassment", ABUSE, "show ~1 us|me ~1 your ~1 SEXBODY2" },
	/* hate aimed at groups */
	{ "hate", ABUSE,
	    "GROUP ~1 BE all|just|so|such|fucking|really|a|an|nothing|like|"
	    "filthy|dirty? DEHUMAN2|INSULTN|SEXSLUR|INSULTA" },
	{ "hate", ABUSE, "go ~1 back ~2 where ~1 you|they ~1 came|come" },
	{ "hate", ABUSE,
	    "go ~1 back ~2 to ~1 the? ~1 reservation|mexico|africa|country|"
	    "where" },
	{ "hate", ABUSE, "send ~1 them|em ~1 all? ~1 back" },
	{ "hate", ABUSE,
	    "GROUP ~2 should ~2 BE ~1 shot|killed|hanged|locked|deported|jailed|"
	    "sterilized|die" },
	{ NULL, 0, NULL },
};

const struct detect_lang_table detect_en = {
	.code = "en",
	.stemmer = "english",
	.spellings = spellings,
	.suffixes = suffixes,
	.class_names = class_names,
	.words = words,
	.patterns = patterns,
	.self = "SELF",
	.self_poss = "MYP",
	.other = "P3",
	.other_poss = "P3P",
	.maskable = "STRONG|SLUR|SEXSLUR|INSULTN|SEXBODY",
};
