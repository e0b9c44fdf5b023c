/* detect_es.c: the detector's Spanish: texting forms and misspellings, attached pronouns, word classes, and the disclosure and abuse rules. */
#include "core.h"
#include "detect_lang.h"

#define DISC	QFLAG_DISCLOSURE
#define ABUSE	QFLAG_ABUSE
#define NEEDP	DETECT_NEEDS_PERSON

/*
 * Respellings, on the word as typed (lower case, accents read as their
 * base letter: niño is nino). Spanish drops the subject, and the stemmer
 * makes puedo and puede one word: the first-person forms that matter here
 * become "yo" and the verb, so that the rules can see who is speaking.
 * Forms that are also something else (trabajo: I work, and the job) are
 * left alone and read by the rules instead; debo (I owe, and I must) is
 * "yo debo", and the debt rules ask for what or whom is owed.
 */
static const struct detect_spelling spellings[] = {
	/* texting */
	{ "q", "que" }, { "k", "que" }, { "ke", "que" }, { "qe", "que" },
	{ "xq", "porque" }, { "pq", "porque" }, { "xk", "porque" },
	{ "pk", "porque" }, { "porq", "porque" }, { "xke", "porque" },
	{ "porke", "porque" }, { "xque", "porque" }, { "tb", "tambien" },
	{ "tmb", "tambien" }, { "tmbn", "tambien" }, { "tambn", "tambien" },
	{ "x", "por" }, { "d", "de" }, { "pa", "para" }, { "pal", "para el" },
	{ "porfa", "por favor" }, { "porfis", "por favor" },
	{ "porfavor", "por favor" }, { "xfa", "por favor" },
	{ "xfavor", "por favor" }, { "plis", "por favor" },
	{ "pls", "por favor" }, { "plz", "por favor" }, { "bn", "bien" },
	{ "nd", "nada" }, { "nadien", "nadie" }, { "aki", "aqui" },
	{ "aca", "aqui" }, { "dnd", "donde" }, { "dnde", "donde" },
	{ "m", "me" }, { "t", "te" }, { "ps", "pues" }, { "pos", "pues" },
	{ "pus", "pues" }, { "tons", "entonces" }, { "ntp", "no te preocupes" },
	{ "cel", "celular" }, { "tel", "telefono" }, { "id", "identificacion" },
	{ "ids", "identificaciones" }, { "docs", "documentos" },
	{ "migra", "migracion" }, { "$", "dinero" }, { "dlls", "dolares" },
	{ "dls", "dolares" }, { "usd", "dolares" }, { "hrs", "horas" },
	{ "guey", "wey" }, { "buey", "wey" },
	/* the asker, where Spanish leaves the subject out */
	{ "toy", "yo estoy" }, { "stoy", "yo estoy" }, { "estoy", "yo estoy" },
	{ "estamos", "nosotros estamos" }, { "soy", "yo soy" },
	{ "somos", "nosotros somos" }, { "fui", "yo fui" },
	{ "fuimos", "nosotros fuimos" }, { "estaba", "yo estaba" },
	{ "tengo", "yo tengo" }, { "tngo", "yo tengo" }, { "tenemos",
	    "nosotros tenemos" }, { "puedo", "yo puedo" }, { "podemos",
	    "nosotros podemos" }, { "quiero", "yo quiero" }, { "kiero",
	    "yo quiero" }, { "queremos", "nosotros queremos" },
	{ "necesito", "yo necesito" }, { "nesesito", "yo necesito" },
	{ "necesitamos", "nosotros necesitamos" }, { "sigo", "yo sigo" },
	{ "llevo", "yo llevo" }, { "duermo", "yo duermo" },
	{ "trabajamos", "nosotros trabajamos" }, { "salgo", "yo salgo" },
	{ "conozco", "yo conozco" }, { "gano", "yo gano" },
	{ "vine", "yo vine" }, { "vivo", "yo vivo" },
	{ "vivimos", "nosotros vivimos" }, { "debo", "yo debo" },
	{ "debemos", "nosotros debemos" }, { "sali", "yo sali" },
	{ "escape", "yo escape" },
	/* pronouns attached to a command or a short verb */
	{ "ayudame", "ayuda me" }, { "ayudeme", "ayude me" },
	{ "ayudenme", "ayuden me" }, { "ayudanme", "ayuden me" },
	{ "ayudenos", "ayude nos" }, { "ayudanos", "ayuda nos" },
	{ "ayudennos", "ayuden nos" }, { "sacame", "saca me" },
	{ "sacanme", "saquen me" }, { "saquenme", "saquen me" },
	{ "dejame", "deja me" }, { "verte", "ver te" }, { "darte", "dar te" },
	{ "irme", "ir me" }, { "irnos", "ir nos" },
	{ "irse", "ir se" }, { "darme", "dar me" }, { "darle", "dar le" },
	{ "darles", "dar les" }, { "verme", "ver me" }, { "verla", "ver la" },
	{ "verlo", "ver lo" }, { "mandame", "manda me" },
	{ "mandenme", "manden me" }, { "enviame", "envia me" },
	{ "callate", "calla te" }, { "callense", "callen se" },
	{ "callese", "calla se" },
	{ "vete", "ve te" }, { "largate", "larga te" },
	{ "largense", "larguen se" }, { "regresate", "regresa te" },
	{ "regresense", "regresen se" }, { "vayanse", "vayan se" },
	{ "muerete", "muere te" }, { "mueranse", "mueran se" },
	{ "cuidate", "cuida te" }, { "cuidense", "cuiden se" },
	{ "sientate", "sienta te" }, { "chingate", "chinga te" },
	{ "bajate", "baja te" }, { "bajense", "bajen se" },
	/* misspellings of the words that matter most here */
	{ "pasaport", "pasaporte" }, { "pasporte", "pasaporte" },
	{ "pazaporte", "pasaporte" }, { "pasaprote", "pasaporte" },
	{ "pasaporet", "pasaporte" }, { "pasaportr", "pasaporte" },
	{ "pasport", "pasaporte" },
	{ "papels", "papeles" }, { "papelez", "papeles" },
	{ "documetos", "documentos" }, { "dokumentos", "documentos" },
	{ "trabajr", "trabajar" }, { "tranajo", "trabajo" },
	{ "travajo", "trabajo" }, { "pagn", "pagan" },
	{ "dinro", "dinero" }, { "dinerp", "dinero" }, { "ayudaa", "ayuda" },
	{ "auida", "ayuda" }, { "ayuad", "ayuda" }, { "yuda", "ayuda" },
	{ "aiuda", "ayuda" }, { "miedoo", "miedo" }, { "mieo", "miedo" },
	{ "ensierran", "encierran" }, { "ensierra", "encierra" },
	{ "encerada", "encerrada" }, { "ensarrada", "encerrada" },
	{ "ensarrado", "encerrado" }, { "enserrada", "encerrada" },
	{ "amenasa", "amenaza" }, { "amenasan", "amenazan" },
	{ "golpiar", "golpear" }, { "golpio", "golpeo" },
	{ "inmigrasion", "inmigracion" }, { "imigracion", "inmigracion" },
	{ "polisia", "policia" }, { "poli", "policia" },
	{ "patrn", "patron" }, { "patrom", "patron" }, { "jfe", "jefe" },
	{ "novo", "novio" }, { "ermana", "hermana" }, { "ermano", "hermano" },
	{ "ija", "hija" }, { "ijo", "hijo" }, { "sobrna", "sobrina" },
	/* abuse, spelled to get past a filter */
	{ "pndejo", "pendejo" }, { "pndeja", "pendeja" },
	{ "pendjo", "pendejo" }, { "pnche", "pinche" }, { "pinchi", "pinche" },
	{ "pinshi", "pinche" }, { "pinshe", "pinche" }, { "hdp", "hijo de puta" },
	{ "hdtpm", "hijo de tu puta madre" }, { "ctm", "chinga tu madre" },
	{ "ptm", "puta madre" }, { "alv", "a la verga" }, { "vrg", "verga" },
	{ "vga", "verga" }, { "mrd", "mierda" }, { "ptas", "putas" },
	{ "pta", "puta" }, { "ptos", "putos" }, { "cabrn", "cabron" },
	{ "kbron", "cabron" }, { "cabronaa", "cabrona" }, { "chngada", "chingada" },
	{ "ching", "chinga" }, { "chingatumadre", "chinga tu madre" },
	{ "nmms", "no mames" }, { "ijueputa", "hijo de puta" },
	{ "hijueputa", "hijo de puta" }, { "imbesil", "imbecil" },
	{ "estupidaa", "estupida" }, { "culera", "culero" },
	/* numbers, for ages */
	{ "diez", "10" }, { "once", "11" }, { "doce", "12" }, { "trece", "13" },
	{ "catorce", "14" }, { "quince", "15" }, { "dieciseis", "16" },
	{ "diesiseis", "16" }, { "diecisiete", "17" }, { "diesisiete", "17" },
	{ "dieciocho", "18" }, { "veinte", "20" }, { "treinta", "30" },
	{ "cuarenta", "40" }, { "cincuenta", "50" }, { "sesenta", "60" },
	{ NULL, NULL },
};

/* Spanish has no contractions with an apostrophe. */
static const struct detect_suffix suffixes[] = {
	{ NULL, NULL, NULL },
};

/* Longest first: quitarmelo is quitar me lo, not quitarme lo. */
static const struct detect_spelling clitics[] = {
	{ "melo", "me lo" }, { "mela", "me la" }, { "melos", "me los" },
	{ "melas", "me las" }, { "selo", "se lo" }, { "sela", "se la" },
	{ "selos", "se los" }, { "selas", "se las" }, { "noslo", "nos lo" },
	{ "nos", "nos" }, { "los", "los" }, { "las", "las" }, { "les", "les" },
	{ "me", "me" }, { "te", "te" }, { "se", "se" }, { "lo", "lo" },
	{ "la", "la" }, { "le", "le" },
	{ NULL, NULL },
};

static const char *const class_names[] = {
	"SELF", "OBJ", "MYP", "P3", "P3P", "REL", "PNOUN", "KNOW", "NEG", "ABLE",
	"LEAVE", "CONTACT", "SOCIAL", "TAKE", "TAKEFROM", "DOC", "MONEY",
	"GIVE", "THREAT", "FORCE", "DOWORK", "SEXACT", "SELL", "SOLDV",
	"CONFINE", "WATCH", "FEAR", "MINOR", "MALE", "OLDER", "BE", "PIC",
	"GIFT", "ONLINE", "CONTROLLER", "BOSS", "AUTH", "STRONG", "SLUR",
	"SEXSLUR", "INSULTN", "INSULTA", "TARGET", "GROUP", "DEHUMAN2",
	"KILL", "DOOM", "SEXBODY", "SEXY", "INTENS", "INSULTV", NULL,
};

static const struct detect_class_words words[] = {
	/* who: the asker, their own, the people close to them */
	{ "SELF", "yo me nos nosotros nosotras conmigo" },
	{ "OBJ", "me nos" },
	{ "MYP", "mi mis nuestro nuestra nuestros nuestras my" },
	{ "P3", "ella ellas ellos le les la lo" },
	{ "P3P", "su sus" },
	{ "REL", "hermana hermano hija hijo hijos hijas amiga amigo amigas "
	    "mama mami madre papa papi padre padrastro madrastra novia novio "
	    "esposa esposo marido pareja prima primo tia tio sobrina sobrino "
	    "abuela abuelo nieta nieto cunada cunado companera companero "
	    "vecina vecino hijastra hijastro familia familiar bebe nena nene "
	    "suegra suegro sister brother daughter son friend cousin wife "
	    "husband mom girlfriend boyfriend" },
	{ "PNOUN", "muchacha muchacho chava chavo chica chico nina nino "
	    "persona senora mujer joven trabajadora alumna alumno estudiante "
	    "morra morro" },
	{ "KNOW", "conozco conocemos" },
	/* control and confinement */
	{ "NEG", "no nunca jamas ni nadie" },
	{ "ABLE", "poder puedo puede pueden podemos dejar deja dejan dejo "
	    "permitir permiten permite" },
	{ "LEAVE", "salir sale salen irme ir irse escapar huir renunciar "
	    "regresar volver afuera leave" },
	{ "CONTACT", "hablar llamar ver visitar contactar comunicar mensaje "
	    "mensajes escribir" },
	{ "SOCIAL", "familia mama papa amigas amigos nadie alguien hijos "
	    "hijo hija doctor iglesia gente esposo esposa trabajadores otros "
	    "otras padres hermanos hermanas" },
	{ "TAKE", "tiene tienen tenia tenian guardar guarda guardan retener "
	    "retiene retienen quedar queda quedan quedo quitar quita quitan "
	    "quito quitaron esconder esconde escondio agarrar agarra robar "
	    "roba robo robaron cobrar cobra cobran controlar controla" },
	{ "TAKEFROM", "quitar quita quitan quito quitaron quitaba quitaban "
	    "robar roba robo robaron retener retienen retuvo esconder "
	    "escondieron recoger recogen recogio recogieron agarrar agarraron "
	    "guardar guardaron" },
	{ "DOC", "pasaporte pasaportes papeles papel documentos documento "
	    "identificacion identificaciones licencia visa acta tarjeta "
	    "seguro celular celulares telefono telefonos mica permiso "
	    "credencial tarjetas passport "
	    "papers" },
	{ "MONEY", "dinero cheque cheques sueldo salario pago paga propinas "
	    "propina feria lana efectivo ganancias dolares quincena raya "
	    "money paycheck" },
	{ "GIVE", "dar dan da devolver devuelve devuelven regresar regresa "
	    "regresan entregar entrega entregan pagar paga pagan soltar "
	    "suelta sueltan" },
	{ "THREAT", "amenazar amenaza amenazan amenazo amenazaba pegar pega "
	    "pegan pego golpear golpea golpean golpeo golpearon matar mata "
	    "matan maten violar viola violan deportar deportan deporten "
	    "gritar grita gritan acusar acusa lastimar lastima castigar "
	    "castiga chantajear chantajea maltratar maltrata abusar abusa "
	    "quemar" },
	{ "FORCE", "obligar obliga obligan obligaron obligo forzar forza "
	    "fuerza forzaron hacer hace hacen hizo hicieron pone ponen puso" },
	{ "DOWORK", "trabajar trabajando acostar acostarme estar atender "
	    "bailar vender salir tener ver robar pedir prostituir coger "
	    "desnudar dormir servir complacer" },
	{ "SEXACT", "sexo relaciones acostar acostarme prostitucion "
	    "prostituir clientes cliente bailar desnudar desnuda fotos "
	    "masajes citas" },
	{ "SELL", "vender vende venden vendio vendieron vendiendo prostituir "
	    "prostituye prostituyen prostituyendo rentar renta rentan "
	    "prestar presta prestan subastar" },
	/* Not vendida, tratada: they stem as vendemos, tratando. */
	{ "SOLDV", "traficada traficado explotada explotado prostituida "
	    "prostituido abusada abusado violada violado secuestrada "
	    "secuestrado enganada enganado trafficked" },
	{ "CONFINE", "encerrar encerrada encerrado encerradas encerrados "
	    "encierran encierra encerraron atrapada atrapado atrapadas "
	    "atrapados secuestrada secuestrado presa preso" },
	{ "WATCH", "vigilar vigila vigilan seguir sigue siguen revisar "
	    "revisa revisan espiar espia espian rastrear rastrea controlar "
	    "controla controlan cuidan" },
	{ "FEAR", "miedo asustada asustado asustadas aterrada aterrado "
	    "panico" },
	{ "MINOR", "menor menores chiquita chiquito adolescente" },
	{ "MALE", "hombre hombres senor senores tipo tipos viejo viejos "
	    "muchacho muchachos chavo guys men man" },
	{ "OLDER", "mayor mayores grande adulto adultos viejo" },
	{ "BE", "ser soy es son eres fue fui era eran estar estoy esta estan "
	    "estas estaba estamos estuve sea" },
	{ "PIC", "foto fotos video videos desnuda desnudo desnudas nudes "
	    "pack imagenes selfies" },
	{ "GIFT", "regalos regalo cosas ropa dinero drogas droga celular "
	    "robux unas alcohol mota cerveza" },
	{ "ONLINE", "internet facebook instagram snapchat snap tiktok discord "
	    "whatsapp roblox juego juegos redes pagina anuncio anuncios "
	    "linea" },
	{ "CONTROLLER", "padrote chulo proxeneta tratante madrota lenon "
	    "pimp" },
	{ "BOSS", "patron patrona jefe jefa dueno duena gerente encargado "
	    "encargada mayordomo contratista supervisor reclutador "
	    "patrocinador boss manager familia senora senor coyote ranchero "
	    "troquero landlord" },
	{ "AUTH", "migracion inmigracion ice policia policias sheriff "
	    "autoridades" },
	/* abuse */
	{ "STRONG", "pendejo pendeja pendejos pendejas pendejada pendejadas "
	    "pinche pinches verga chingar chinga chingada chingado chingadera "
	    "chinguen chingen culero culeros mierda joder cabron cabrona "
	    "cabrones mamon mamona ojete" },
	{ "SLUR", "maricon maricones marica joto jotos puto putos mayate "
	    "sudaca sudacas" },
	{ "SEXSLUR", "puta putas zorra zorras perra perras golfa ramera "
	    "putita" },
	{ "INSULTN", "idiota idiotas imbecil imbeciles estupido estupida "
	    "estupidos payaso payasa baboso babosa tarado tarada menso mensa "
	    "burro burra naco naca mentiroso mentirosa basura cerdo cerda "
	    "ignorante ignorantes inutil inutiles tonto tonta tontos pendejo "
	    "pendeja pendejos" },
	{ "INSULTA", "estupido estupida estupidos ignorante ignorantes inutil "
	    "inutiles asqueroso asquerosa tonto tonta tontos ridiculo "
	    "ridicula fea feo gorda gordo" },
	{ "TARGET", "tu usted ustedes este esta ese esa orador oradora "
	    "presentador presentadora moderador moderadora ponente vieja "
	    "viejo wey tipo senora senor todos" },
	{ "GROUP", "inmigrantes mexicanos indios negros indigenas gays "
	    "latinos hondurenos guatemaltecos salvadorenos refugiados "
	    "mujeres ellos ellas estos esos mojados gringos "
	    "feministas" },
	{ "DEHUMAN2", "animales animal ratas basura perros plaga cucarachas "
	    "parasitos salvajes escoria borrachos flojos huevones lacras "
	    "ladrones apestosos sucios cochinos" },
	{ "KILL", "matar violar balacear quemar golpear partir madrear "
	    "chingar" },
	{ "DOOM", "mueras mueran muera violen maten pudras pudran mate "
	    "deporten atropellen atropelle quemen ahorquen cuelguen" },
	{ "SEXBODY", "nalgas nalgotas chichis chichotas tetas tetotas culo "
	    "pompis" },
	{ "SEXY", "rica rico sabrosa sabroso buenota buenote mamacita "
	    "mamasita mami" },
	/* insults that end a sentence as what someone is called */
	{ "INSULTV", "idiota imbecil estupido estupida pendejo pendeja payaso "
	    "baboso babosa tarado tarada menso mensa" },
	{ "INTENS", "un una unos unas bien tan muy pinche pinches puro pura "
	    "todo toda re bastante" },
	{ NULL, NULL },
};

/*
 * The rules, with the English names (moderators read them in the
 * interface's words). Spanish puts the object pronoun before the verb
 * (me quitaron el pasaporte, no me dejan salir) and leaves the subject out:
 * P is usually "me", "nos", or a close person's "le" and "la".
 */
static const struct detect_pattern patterns[] = {
	/* ---- close persons ---- */
	{ "close person", DETECT_ANCHOR, "MYP ~3 @REL|PNOUN" },
	{ "close person", DETECT_ANCHOR,
	    "@REL|PNOUN ~3 de|del|en ~1 MYP|la|el ~1 MYP? ~1 escuela|trabajo|"
	    "iglesia|clase|cuarto|casa|barrio|pueblo" },
	{ "close person", DETECT_ANCHOR, "KNOW ~2 @REL|PNOUN" },
	{ "close person", DETECT_ANCHOR,
	    "@companera|companero|colega ~2 de|del ~1 trabajo|escuela|clase|"
	    "cuarto|casa" },
	{ "close person", DETECT_ANCHOR,
	    "SELF ~1 tengo|tenemos ~1 un|una ~1 @REL|PNOUN" },

	/* ---- not free to leave, or to see anyone ---- */
	{ "not free to leave", DISC, "NEG ~2 P ~2 ABLE ~3 LEAVE|ir" },
	{ "not free to leave", DISC, "P ~1 NEG ~2 ABLE ~3 LEAVE|ir" },
	{ "not free to leave", DISC | NEEDP,
	    "ninguna|ninguno|nadie ~1 P? ~1 ABLE ~2 LEAVE|ir" },
	{ "not free to leave", DISC | NEEDP, "nunca ~1 salen|sale|salimos" },
	{ "not free to leave", DISC, "NEG ~1 P ~2 ABLE ~2 ir ~3 ningun|nada" },
	/* "No me dejan" is enough, but "no me deja de sorprender". */
	{ "not free to leave", DISC,
	    "NEG OBJ|CPRO deja|dejan|dejaba|dejaban|permite|permiten !de" },
	{ "not free to leave", DISC, "OBJ|CPRO ~1 deja|dejan ~1 LEAVE|ir ~1 solo|"
	    "sola|solamente|nomas ~1 con" },
	{ "not free to leave", DISC, "NEG ~1 OBJ|CPRO ~1 deja|dejan ~1 comer|"
	    "dormir|descansar|estudiar|venir|salir|ir|usar|tener" },
	{ "not free to leave", DISC,
	    "NEG ~2 tengo|tiene|tenemos ~1 permiso ~2 LEAVE|ir" },
	{ "not free to leave", DISC,
	    "NEG ~2 P ~2 ABLE ~2 CONTACT ~3 SOCIAL|MYP|P3P|nadie|OBJ" },
	{ "not free to leave", DISC, "P ~1 NEG ~2 ABLE ~2 CONTACT ~3 SOCIAL|"
	    "MYP|P3P|nadie" },
	{ "not free to leave", DISC, "NEG ~2 P ~2 ABLE ~2 tener|trabajar ~2 "
	    "DOC|MONEY|dinero" },
	{ "locked in or watched", DISC, "P ~1 BE? ~2 CONFINE" },
	{ "locked in or watched", DISC, "OBJ|CPRO ~2 WATCH ~3 todo|PP|tiempo|lados|"
	    "telefono|celular|mensajes" },
	{ "locked in or watched", DISC, "OBJ|CPRO ~1 siguen|sigue|vigilan|vigila" },
	{ "locked in or watched", DISC, "OBJ|CPRO vigilar|espiar|rastrear|"
	    "espia|espian|rastrea|rastrean" },
	{ "locked in or watched", DISC, "OBJ|CPRO revisa|revisan|esculca|"
	    "esculcan ~4 telefono|celular|bolsas|bolsa|cosas|mensajes|cuarto|PP" },
	{ "locked in or watched", DISC | NEEDP,
	    "cierra|cierran|echa|echan ~3 puerta|candado|llave ~3 noche|llave" },
	{ "locked in or watched", DISC, "P ~1 BE? ~1 encerrad|atrapad" },

	/* ---- papers, phone or pay held by someone ---- */
	{ "papers or pay held", DISC, "TAKE ~4 PP ~2 DOC|MONEY" },
	{ "papers or pay held", DISC, "OBJ|CPRO ~2 TAKEFROM ~3 DOC|MONEY|todo|mitad|"
	    "PP" },
	{ "papers or pay held", DISC, "PP ~1 DOC|MONEY ~3 TAKE" },
	{ "papers or pay held", DISC,
	    "el|la ~1 BOSS ~4 guarda|tiene|tienen|guardan|retiene|retienen|quito|"
	    "quitaron ~2 los|las|sus ~1 DOC ~2 de ~1 todos|todas|nosotros" },
	{ "papers or pay held", DISC,
	    "recupero|recuperar|recupera|recuperamos ~2 PP ~1 DOC|MONEY" },
	{ "papers or pay held", DISC | NEEDP,
	    "cancelar|cancela|cancelan ~3 visa|permiso|estatus|papeles" },
	{ "papers or pay held", DISC, "NEG ~1 tengo|tenemos ~2 PP ~1 DOC" },
	{ "papers or pay held", DISC | NEEDP,
	    "BOSS ~2 los|las|lo|la ~1 tiene|tienen|guarda|guardan|quito" },
	{ "papers or pay held", DISC,
	    "NEG ~1 P ~1 lo|la|los|las ~2 GIVE" },
	{ "papers or pay held", DISC,
	    "NEG ~1 P ~3 GIVE ~1 !recibo|talon|comprobante|factura ~2 DOC|MONEY|"
	    "PP" },
	{ "papers or pay held", DISC,
	    "OBJ|CPRO ~1 descuentan|descuenta|cobran|cobra|quitan|quita ~3 renta|"
	    "comida|transporte|todo|mitad|cuarto|pieza|casa" },
	{ "papers or pay held", DISC,
	    "NEG ~1 OBJ|CPRO ~1 queda|quedaba ~1 nada|dinero|ni" },
	{ "papers or pay held", DISC,
	    "OBJ|CPRO ~1 cobran|cobra|descuentan|descuenta ~5 por ~1 dormir|vivir|"
	    "comer|cuarto|piso|comida|transporte|agua|herramientas|traernos|"
	    "traer" },
	{ "papers or pay held", DISC,
	    "TAKE|cobra|cobran|guarda ~3 PP ~1 MONEY|DOC|propinas|cheque|"
	    "sueldo|dinero" },
	{ "papers or pay held", DISC,
	    "P ~2 tengo|tenemos|tiene|tienen ~1 que ~1 dar|entregar|pasar ~1 P3? "
	    "~2 todo|todas|todos|PP|MONEY" },
	{ "papers or pay held", DISC | NEEDP,
	    "queda|quedan|quedo ~1 con ~3 todo|PP|MONEY|sueldo|dinero" },
	{ "papers or pay held", DISC,
	    "P ~1 NEG ~1 veo|vemos ~2 MONEY|dinero|cheque|nada" },
	{ "papers or pay held", DISC, "nunca ~1 veo|vemos ~2 MONEY|dinero" },
	{ "papers or pay held", DISC | NEEDP,
	    "PP ~1 BOSS|CONTROLLER|novio|esposo|tio ~2 tiene|tienen|guarda|"
	    "quito|cobra ~3 PP|DOC|MONEY" },

	/* ---- a debt to work off ---- */
	{ "debt", DISC, "le|les ~1 P ~1 debo|debemos" },
	{ "debt", DISC, "P ~1 debo|debemos ~2 dinero|dolares|mil|mucho|viaje|"
	    "renta|pasaje|coyote|al|a|todo" },
	{ "debt", DISC, "CP ~3 le|les ~1 debe|deben" },
	{ "debt", DISC, "PP ~2 deuda" },
	{ "debt", DISC | NEEDP,
	    "deuda ~3 crece|sube|aumenta|grande|mas|nomas|nunca" },
	{ "debt", DISC | NEEDP, "pagar ~2 la|lo|mi ~1 deuda|debo" },
	{ "debt", DISC, "P ~1 sigo|seguimos ~1 debiendo" },
	{ "debt", DISC, "P ~3 trabajar|trabajando ~2 para ~1 pagar ~3 viaje|"
	    "deuda|coyote|pasaje|debo" },
	{ "debt", DISC, "P ~2 dijeron|dice|dicen ~1 que ~1 debo|debemos" },
	{ "debt", DISC, "nunca ~1 terminamos|termino ~2 pagar" },
	{ "debt", DISC, "P ~1 cobran ~2 intereses" },

	/* ---- no pay, or pay in kind ---- */
	{ "unpaid work", DISC, "NEG ~2 P ~2 pagar|pagado" },
	{ "unpaid work", DISC,
	    "P ~4 trabajar|trabajando|trabajr ~2 sin ~1 pago|paga|pagar|sueldo|"
	    "dinero|descanso" },
	{ "unpaid work", DISC, "P ~3 trabajar|trabajando ~2 gratis" },
	{ "unpaid work", DISC, "trabajo|trabajamos ~3 por|solo ~2 comida|"
	    "cuarto|nada|techo|lugar|propinas" },
	{ "unpaid work", DISC, "sin ~1 pagar ~1 P" },
	{ "unpaid work", DISC | NEEDP,
	    "trabajo|trabajamos|trabajando ~2 sin ~1 descanso|parar|pago|paga|"
	    "sueldo|dormir" },
	{ "unpaid work", DISC,
	    "NEG ~1 veo|vemos|recibo|recibimos ~3 MONEY|PP|cheque|pago" },
	{ "unpaid work", DISC, "OBJ|CPRO ~1 pagan|paga|pagaban|pagaba ~2 con|en "
	    "~1 comida|drogas|cuarto|ropa|nada|especie|techo" },
	{ "unpaid work", DISC | NEEDP, "sin ~1 ver|recibir|cobrar ~2 un? ~1 dolar|"
	    "dinero|MONEY|pago|centavo|peso" },
	{ "unpaid work", DISC, "solo|nomas ~1 OBJ|CPRO ~1 dan|pagan|paga|da ~3 "
	    "dolares|dlls|nada|comida|cuarto" },
	{ "unpaid work", DISC, "P ~1 pagan|paga ~3 dolares ~3 semana|mes ~3 "
	    "por ~1 AGE_ADULT|horas" },
	{ "unpaid work", DISC | NEEDP, "trabajar|trabaja|trabajando ~2 sin ~1 "
	    "pago|paga|sueldo" },
	{ "locked in or watched", DISC, "OBJ|CPRO ~1 tienen|tiene ~1 durmiendo|"
	    "viviendo ~4 en ~2 carro|piso|suelo|bodega|cocina|trailer|traila|"
	    "establo|sotano|cuarto" },
	{ "unpaid work", DISC, "OBJ|CPRO ~1 tienen|tiene ~1 trabajando ~6 sin|"
	    "clientes|noche|MALE|gratis|calle|hasta|deuda|bar|cantina" },
	{ "debt", DISC | NEEDP,
	    "trabajando|trabajar ~4 hasta ~1 que? ~2 pague|paguemos|pagar" },

	/* ---- threats and violence ---- */
	{ "threats or violence", DISC, "OBJ|CPRO ~2 THREAT" },
	{ "threats or violence", DISC,
	    "si OBJ voy|quejo|escapo|salgo|rajo|largo|regreso + AUTH|THREAT|"
	    "mata|matar|correr|corre|buscar|busca|quitar|quita|deporta" },
	{ "threats or violence", DISC,
	    "si NEG trabajo|hago|pago|trabajamos|pagamos + AUTH|THREAT|matar|"
	    "mata|correr|corre|deportar" },
	{ "threats or violence", DISC | NEEDP,
	    "si ~2 se|me|nos va|voy|vamos|escapa|escapo|sale|salgo + encontrar|"
	    "encuentran|buscar|busca|THREAT|AUTH|matar|mata" },
	{ "threats or violence", DISC,
	    "si ~1 le|les? digo|cuento|contamos|hablo ~3 a? ~1 alguien|nadie|"
	    "policia|AUTH + AUTH|THREAT|mata|matar|correr|quitar|deporta" },
	{ "threats or violence", DISC, "THREAT ~3 a? ~1 PP" },
	{ "threats or violence", DISC,
	    "OBJ|CPRO ~3 echar|llamar|reportar|reporta|entregar ~3 AUTH" },
	{ "threats or violence", DISC | NEEDP,
	    "llamar|hablar|echar ~2 AUTH ~3 para ~1 que ~1 P" },
	{ "threats or violence", DISC, "P ~1 BE ~2 peligro" },
	{ "threats or violence", DISC,
	    "hacer ~1 dano ~2 a? ~1 PP" },
	{ "threats or violence", DISC,
	    "buscar ~1 a ~1 PP ~1 SOCIAL|familia|hijos" },
	{ "threats or violence", DISC,
	    "subir|publicar|mandar|ensenar ~3 PIC ~2 de ~1 PP|P" },
	{ "threats or violence", DISC, "THREAT ~2 con ~3 AUTH|deportar|"
	    "quitar|matar|publicar|subir" },
	{ "threats or violence", DISC | NEEDP, "PP ~2 BOSS ~2 me|nos ~1 THREAT" },

	/* ---- forced to work or to have sex ---- */
	{ "forced to work or have sex", DISC, "OBJ|CPRO FORCE ~1 a? ~1 DOWORK" },
	/* Made to do anything at all, but what the law makes one do. */
	{ "forced to work or have sex", DISC,
	    "OBJ|CPRO obligar|forzar|fuerza|fuerzan a !reportar|denunciar|"
	    "informar|pensar|reflexionar" },
	{ "forced to work or have sex", DISC,
	    "OBJ|CPRO ~2 llevar|llevan|lleva ~1 con ~2 MALE|clientes" },
	{ "forced to work or have sex", DISC,
	    "OBJ|CPRO ~1 tienen|tiene|pusieron|ponen|llevaron|mandaron|meten|"
	    "metieron ~2 trabajando? ~3 burdel|prostibulo|congal|citas|cantina|"
	    "bar" },
	{ "forced to work or have sex", DISC,
	    "P ~2 BE ~1 obligada|obligado|forzada|forzado|obligadas" },
	{ "forced to work or have sex", DISC,
	    "P ~2 tengo|tenemos|tiene|tienen ~1 que ~2 ver|acostar|atender|estar|"
	    "salir|complacer|dormir ~3 MALE|clientes|amigos|BOSS" },
	{ "forced to work or have sex", DISC,
	    "OBJ|CPRO ~2 llevan|lleva|mandan|manda ~2 a ~1 fiestas|hoteles|hotel|"
	    "clientes|casas|casa|cuartos ~2 con|de? ~1 MALE|clientes" },
	{ "forced to work or have sex", DISC, "OBJ|CPRO ~1 pone|ponen ~1 a ~1 "
	    "trabajar" },
	{ "forced to work or have sex", DISC, "OBJ|CPRO ~1 lleva|llevan|manda|"
	    "mandan ~1 a ~1 hoteles|hotel|moteles|motel" },
	{ "forced to work or have sex", DISC, "OBJ|CPRO ~1 deja|dejan|deje ~1 "
	    "con ~2 MALE|clientes" },
	{ "forced to work or have sex", DISC,
	    "OBJ|CPRO ~2 mandar|llevar|mandan|llevan|mueven|mover ~1 a ~2 otro|"
	    "otra ~1 estado|ciudad|pais|lugar + MALE|clientes|NEG|miedo" },

	/* ---- sold, pimped, trafficked ---- */
	{ "sold or pimped", DISC, "OBJ|CPRO ~2 SELL" },
	{ "sold or pimped", DISC, "P ~2 fui|fuimos|fue|fueron|sido|estoy|"
	    "estaba|estuve|estan ~1 SOLDV" },
	{ "sold or pimped", DISC, "OBJ|CP ~1 fui|fuimos|fue|fueron ~1 vendida|"
	    "vendido|vendidas|tratada|tratado" },
	{ "sold or pimped", DISC, "OBJ|CPRO ~1 BE ~1 tratando|traficando" },
	{ "sold or pimped", DISC, "OBJ|CPRO trajeron|trajo|engancharon|"
	    "enganaron ~1 con ~1 mentiras|mentira|enganos|engano|promesas" },
	{ "sold or pimped", DISC, "OBJ|CPRO ~1 trata|tratan|tiene|tienen ~2 como "
	    "~1 esclava|esclavo|esclavas|esclavos|animal|animales|perro|"
	    "prisionera|prisionero" },
	{ "sold or pimped", DISC, "PP ~2 CONTROLLER" },
	{ "sold or pimped", DISC,
	    "P ~1 BE ~1 victima|victimas|sobreviviente|sobrevivientes|esclava|"
	    "esclavo ~3 !linea|servicios|programa|organizacion|grupo|apoyo|"
	    "centro|refugio" },
	{ "sex for money or a place", DISC,
	    "P ~2 sexo|acostar|acuesto|relaciones|acostarme ~6 cambio|por|para "
	    "~3 renta|dinero|lugar|pagar|comida|drogas|cuarto|quedar|casa" },
	{ "sex for money or a place", DISC,
	    "P ~1 acuesto|acostamos ~1 con ~2 BOSS|dueno|jefe|patron" },
	{ "sex for money or a place", DISC,
	    "si ~1 NEG ~1 OBJ ~1 acuesto|acostamos|acostar" },
	{ "posted online", DISC, "anuncio|anuncios ~2 de ~1 mi|P" },
	{ "posted online", DISC,
	    "OBJ|CPRO ~2 subir|subiendo|publicar|publicando ~3 "
	    "ONLINE|internet|redes" },

	/* ---- minors ---- */
	{ "a minor and an older man", DISC,
	    "P ~1 tiene|tengo|tienen ~1 AGE_MINOR + MALE|OLDER|novio|SEXACT|PIC|"
	    "SELL|pagar|paga|dinero|drogas|AGE_ADULT|padrote|BOSS" },
	{ "a minor and an older man", DISC,
	    "P ~1 BE ~1 menor|MINOR + MALE|OLDER|novio|SEXACT|PIC|SELL|pagar|"
	    "paga|dinero|drogas|AGE_ADULT|padrote|BOSS" },
	{ "a minor and an older man", DISC,
	    "CP ~1 de ~1 AGE_MINOR + MALE|OLDER|novio|SEXACT|PIC|SELL|pagar|"
	    "dinero|drogas|AGE_ADULT|padrote" },
	{ "a minor and an older man", DISC | NEEDP,
	    "novio|novia|MALE|amigo ~2 de ~1 AGE_ADULT" },
	{ "a minor and an older man", DISC | NEEDP,
	    "novio|novia|MALE|amigo|muchacho ~2 mas? ~1 OLDER" },
	{ "online grooming", DISC,
	    "OBJ|CPRO ~2 pedir|pide|piden|pidiendo|manda|mandan|mandar ~3 PIC|"
	    "dinero" },
	{ "online grooming", DISC,
	    "OBJ|CPRO ~2 compra|compran|regala|regalan|manda|mandan|da|dan ~2 "
	    "GIFT" },
	{ "online grooming", DISC,
	    "quiere|quieren ~1 conocer|ver|recoger|visitar ~1 P" },
	{ "online grooming", DISC,
	    "OBJ|CPRO ~1 paga|pagan ~2 para ~1 estar|ver|salir" },

	/* ---- asking for help ---- */
	{ "asking for help", DISC, "EOS auxilio|socorro" },
	{ "asking for help", DISC, "NEG se como ~1 salir|escapar|huir|irme|ir" },
	{ "asking for help", DISC, "NEG|nadie ~2 donde ~1 P ~1 estoy|estamos" },
	{ "asking for help", DISC,
	    "EOS ayuda|ayude|ayuden|ayudar ~1 P? ~1 EOS|por|urgente|PP|P|help" },
	{ "asking for help", DISC,
	    "ayuda|ayude|ayuden ~1 me|nos ~2 !entender|saber|comprender|"
	    "aprender|explicar|pensar|encontrar|organizar|difundir|conseguir" },
	{ "asking for help", DISC,
	    "P ~1 necesito|necesitamos ~1 ayuda|rescate ~1 !para|con|en|sobre|"
	    "de|organizar" },
	{ "asking for help", DISC,
	    "P ~1 necesito|necesitamos ~1 salir|escapar|huir ~1 de ~1 aqui|ahi|"
	    "alli|esto|donde" },
	{ "asking for help", DISC,
	    "P ~1 necesito|necesitamos ~1 ayuda ~1 para ~1 salir|escapar|huir|"
	    "ir|irme" },
	{ "asking for help", DISC | NEEDP,
	    "que ~1 hago ~1 EOS|ahora|por|ayuda|pues" },
	{ "asking for help", DISC, "que ~1 hago|hacemos ~1 si OBJ" },
	{ "asking for help", DISC,
	    "OBJ ayude|ayuden|ayudes|ayudar ~2 salir|escapar|huir|ir|EOS|por" },
	{ "asking for help", DISC, "como ~2 P ~1 LEAVE|librar|salgo" },
	{ "asking for help", DISC, "como ~1 salir ~1 P ~1 de" },
	{ "asking for help", DISC | NEEDP, "como ~1 salgo|salimos ~1 de ~1 "
	    "aqui|ahi|esto" },
	{ "asking for help", DISC,
	    "a ~1 quien le|les? hablo|llamo|pido|digo|acudo|aviso|recurro "
	    "EOS|ayuda" },
	{ "asking for help", DISC,
	    "NEG ~1 se ~1 a ~1 quien ~2 pedir|hablar|llamar|acudir" },
	{ "asking if it is trafficking", DISC,
	    "es|sera|seria ~1 trata|normal|legal ~1 que|si ~6 P|PP" },
	{ "it is happening to them", DISC,
	    "P ~1 BE? ~1 pasar|pasando|paso|pasa ~2 a ~1 mi|nosotros|nosotras" },
	{ "it is happening to them", DISC,
	    "a ~1 mi|nosotros|nosotras ~1 P ~1 pasar|paso|pasa" },
	{ "it is happening to them", DISC,
	    "eso|esto ~1 P ~2 pasar|paso|pasa|pasando" },
	{ "it is happening to them", DISC,
	    "P ~1 BE? ~1 pasando ~1 por ~3 mismo|eso|esto|algo" },
	{ "it is happening to them", DISC,
	    "BE ~1 PP ~1 vida|situacion|historia|caso" },
	{ "it is happening to them", DISC, "P ~1 reconoci|reconocimos ~2 en" },
	{ "it is happening to them", DISC,
	    "P ~1 BE ~2 una|uno ~1 de ~1 esas|esos|ellas|ellos" },
	{ "asking not to be shown", DISC,
	    "NEG ~2 poner|pongan|leer|lean|mostrar|muestren|publicar|publiquen|"
	    "ensenar ~3 esto|pantalla|voz|pregunta|nombre" },
	{ "fear", DISC, "P ~1 tengo|tenemos|da|dio ~1 miedo !de|que|lo|a|por" },
	{ "fear", DISC, "P ~1 BE ~1 FEAR !de|por|que" },
	{ "fear", DISC, "EOS miedo EOS" },
	{ "fear", DISC, "P ~1 BE ~1 escondida|escondido|escondidas|escondidos" },
	{ "fear", DISC, "miedo ~3 que ~2 se? ~1 entere|enteren|sepa|sepan|"
	    "descubra ~2 PP|el|la ~1 BOSS|novio|esposo|CONTROLLER|pareja" },
	{ "got away, or trying to", DISC, "P ~1 escapar|escape|escapo" },
	{ "got away, or trying to", DISC, "P ~1 sali ~2 huyendo" },
	{ "got away, or trying to", DISC,
	    "P ~1 quiero|queremos|necesito|trato ~1 escapar|huir|salir|"
	    "renunciar|escaparme" },
	{ "got away, or trying to", DISC,
	    "P ~1 quiero|queremos|necesito ~1 ir ~0 me|nos" },

	/* ---- abuse: words that are abuse wherever they stand ---- */
	{ "profanity", ABUSE, "STRONG" },
	{ "slur", ABUSE, "SLUR" },
	{ "sexual slur", ABUSE, "SEXSLUR" },
	{ "sexual harassment", ABUSE, "SEXBODY" },
	{ "sexual harassment", ABUSE, "mamacita|mamasita|mamasota" },
	/* insults aimed at someone */
	{ "insult", ABUSE,
	    "TARGET ~1 BE ~1 INTENS? ~1 INTENS? ~1 INSULTN|INSULTA" },
	{ "insult", ABUSE, "BE ~1 INTENS? ~1 INSULTN ~1 EOS" },
	{ "insult", ABUSE, "que|tan|bien ~1 INSULTN|INSULTA ~1 BE|EOS" },
	{ "insult", ABUSE, "EOS INSULTN|INSULTA EOS" },
	{ "insult", ABUSE, "eres|sos|estas ~3 INSULTN|INSULTA" },
	{ "insult", ABUSE, "INSULTV EOS" },
	{ "insult", ABUSE, "baja|bajen te|se ~2 escenario|EOS|ya" },
	{ "insult", ABUSE, "me ~1 la ~1 pelas|pela|mamas|chupas" },
	{ "insult", ABUSE,
	    "platica|presentacion|charla|conferencia|esto ~1 BE ~2 basura|"
	    "mamada|porqueria|INSULTA" },
	{ "insult", ABUSE, "pura ~1 basura|porqueria|mamada|mamadas" },
	{ "insult", ABUSE, "vale|valen ~1 madre|madres|gorro" },
	{ "insult", ABUSE, "ni ~1 madres|madre ~1 EOS|idiotas|pendejos" },
	{ "insult", ABUSE, "vieja|viejo|tipo|wey|senora|senor|orador|oradora|"
	    "moderadora|moderador|presentadora ~1 tan|mas|bien|muy ~1 INSULTA|"
	    "INSULTN" },
	{ "insult", ABUSE, "una ~1 cualquiera ~1 EOS" },
	{ "insult", ABUSE, "nadie ~1 te|le|les ~1 pregunto|hablo" },
	{ "insult", ABUSE, "calla|callen te|se" },
	{ "insult", ABUSE, "cierra|cierren ~1 la|el|tu|su|el ~1 boca|hocico|"
	    "jeta|pico" },
	{ "insult", ABUSE, "ve|vayan|vayase ~1 te|se? ~1 a ~1 la ~1 verga|"
	    "mierda|chingada" },
	{ "insult", ABUSE, "hijo|hijos|hija ~1 de ~1 su|tu? ~1 puta|perra" },
	{ "insult", ABUSE, "chinga|chingen|chingue ~1 a? ~1 tu|su ~1 madre" },
	{ "insult", ABUSE, "no ~1 mames|manches ~3 mierda|basura" },
	/* threats */
	{ "threat", ABUSE,
	    "te ~2 voy|vamos|van|va ~1 a ~1 KILL" },
	{ "threat", ABUSE, "los|las voy|vamos|van ~1 a ~1 KILL" },
	{ "threat", ABUSE, "voy|vamos ~1 a ~1 KILL ~1 te|los|las|a" },
	{ "threat", ABUSE, "te ~2 voy|vamos ~1 a ~1 buscar|esperar|encontrar ~3 "
	    "salida|afuera|casa|EOS" },
	{ "threat", ABUSE, "ojala !no ~2 te|se|los|las ~1 DOOM" },
	{ "threat", ABUSE, "ojala ~2 DOOM ~1 EOS" },
	{ "threat", ABUSE, "EOS muere|mueran ~1 te|se" },
	{ "threat", ABUSE, "se|sabemos|sabes ~1 donde ~1 vives|trabajas|duermes|"
	    "vive|estudias" },
	{ "threat", ABUSE, "cuida|cuiden ~1 te|se ~2 espalda" },
	{ "threat", ABUSE, "deberian|hay ~2 que? ~1 KILL ~2 los|a|todos|te|las" },
	{ "threat", ABUSE, "bomba|balacear|quemar ~3 lugar|edificio|evento|"
	    "aqui|esto" },
	{ "threat", ABUSE, "partir|romper ~2 madre|cara|hocico|jeta" },
	/* sexual harassment */
	{ "sexual harassment", ABUSE, "que ~1 rica|rico|sabrosa|sabroso|"
	    "buenota|buena ~1 EOS|BE|esta|estas" },
	{ "sexual harassment", ABUSE,
	    "TARGET ~2 BE ~1 bien|muy|re|tan ~1 buena|buenota|rica|sabrosa" },
	{ "sexual harassment", ABUSE,
	    "BE ~1 bien|muy|re|tan ~1 sabrosa|rica|buenota" },
	{ "sexual harassment", ABUSE, "que ~1 buenas|ricas|grandes ~1 SEXBODY|"
	    "piernas" },
	{ "sexual harassment", ABUSE, "cuanto ~1 cobras|cobra ~1 EOS|SEXY|"
	    "mami|la|por ~1 noche|hora" },
	{ "sexual harassment", ABUSE,
	    "manda|mandame|envia ~1 me|nos? ~1 fotos|foto|pack|nudes|video ~2 "
	    "sin ~1 ropa|desnuda" },
	{ "sexual harassment", ABUSE, "EOS manda ~1 me|nos ~1 pack|nudes" },
	{ "sexual harassment", ABUSE, "coger|cogerte|follar ~1 te|la|EOS" },
	{ "sexual harassment", ABUSE, "te ~1 la ~1 meto" },
	{ "sexual harassment", ABUSE, "te ~2 sin ~1 ropa|calzones|brasier" },
	{ "sexual harassment", ABUSE, "sentar ~1 te ~2 aqui|piernas|encima" },
	{ "sexual harassment", ABUSE, "ay|ven ~1 mami|mamacita|preciosa|"
	    "chiquita|muneca|reina|bebe" },
	/* hate aimed at groups */
	{ "hate", ABUSE,
	    "GROUP ~1 BE ~1 INTENS? ~1 INTENS? ~1 DEHUMAN2|INSULTN|SEXSLUR|"
	    "INSULTA" },
	{ "hate", ABUSE, "regresa|regresen|ve|vayan|larga|larguen ~1 te|se ~3 "
	    "pais|mexico|tierra|rancho|donde" },
	{ "hate", ABUSE, "mojados|mojado ~3 regresa|regresen|vayan|larguen|"
	    "fuera" },
	{ "hate", ABUSE, "puros|malditos|pinches|putos|asquerosos ~1 GROUP" },
	{ "hate", ABUSE, "deberian|hay ~2 que? ~1 deportar|matar|sacar ~1 a? "
	    "~1 todos? ~1 los|las? ~1 GROUP" },
	{ NULL, 0, NULL },
};

const struct detect_lang_table detect_es = {
	.code = "es",
	.stemmer = "spanish",
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
	.clitics = clitics,
	.clitic_hosts = "ar er ir ando iendo",
};
