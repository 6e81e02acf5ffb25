"""Rules for what kind of lead a conversation is, before and beside any model.

Each detector names a pattern family a dispatcher would recognise: a vendor pitch, a
wrong number, a job applicant, a phone's auto-reply, an install we did that failed, a
booked customer. The first that fires decides; a conversation with none of them is a
service request. Pure functions over the customer's texts.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .negation import negated
from .text import fold, sentences

_VENDOR = [
    # mass texts (surveys, campaigns, promotions) carry the carrier's opt-out line; a customer's reply never does
    r"\b(?:reply|txt|text|send)\s+\"?stop\"?\s+(?:to|2)\s+(?:end|stop|opt ?out|unsubscribe|cancel|quit)\b|\bmsg (?:&|and) data rates\b",
    r"\breply \"?\w\"? to (?:confirm|cancel|reschedule)\b|\bthis is a reminder from\b",
    r"\b(?:recruit\w*|staffing (?:agency|firm|company)|headhunt\w*|talent (?:partners|agency|acquisition))\b",
    r"\b(?:lock in (?:your|an?|the) (?:order|price|pricing|rate)|lock in your|order today|reply for a rep|sales rep|our rep|account manager|wholesale)\b",
    r"\bprices? (?:on|for) (?:\w+ ){1,3}(?:goes|go|are going|is going) up\b|\b(?:trade|swap|exchange|share) referrals\b|\breferral partner\w*\b",
    # satisfaction surveys from an outfit the shop belongs to or bought from
    r"\bon a scale (?:of|from) (?:0|1|one|zero)\b|\bhow likely (?:are you|is it) (?:that you )?(?:to )?recommend\b|\breply with (?:a|your) (?:number|rating|score)\b",
    r"\b(?:seo|google (?:business )?profile|map pack|first page|page one|rankings?|search results)\b",
    r"\b(?:leads?|appointments?) (?:in|for) your (?:area|zip|city|market)\b|\bexclusive (?:\w+ )?leads\b|\$\d+ ?/ ?lead\b|\bper lead\b",
    r"\b(?:we|our (?:company|team|firm|agency|platform|software)) (?:help|helps|offer|offers|provide|provides|specialize|work with|save|saves|build|builds|get|gets)\b.{0,60}\b(?:contractors|businesses|companies|owners|shops|plumbers|roofers|electricians)\b",
    r"\b(?:would|could) (?:the )?(?:owner|business owner|decision maker|manager)\b",
    (r"\bare (?:you|u) the (?:owner|business owner|decision maker|person who handles)\b|\bmind if i send\b|"
    r"\bworth a (?:\d+|quick|short|ten|five|fifteen)[- ]?(?:min\w*|minute)? ?(?:call|chat)\b|\bfleet (?:fuel|cards?|tracking|management)\b"),
    r"\b(?:quick|free|short) (?:demo|audit|consultation call|call with)\b|\bschedule a demo\b|\bbook a demo\b",
    r"\b(?:merchant services|credit card processing|business loan|funding|financing approvals|working capital|cash advance)\b",
    r"\b(?:marketing|advertis\w+|web ?site design|website|reviews? management|lead generation|answering service)\b.{0,50}\b(?:for (?:your|contractors)|services|package|agency|company)\b",
    r"\bmoney back\b|\bguarantee(?:d)? (?:results|rankings|leads|first)\b|\bno contracts?\b",
    r"\b(?:congratulations|you'?ve been selected|you have won|you won|gift card|claim (?:your|at|now)|bit\.ly|click (?:here|the link)|limited time offer)\b",
    r"\bwarranty (?:company|plan)\b.{0,30}\b(?:partner|network|join)\b|\bjoin our (?:network|platform)\b",
    r"\b(?:supplier|distributor|wholesale)\b.{0,40}\b(?:pricing|prices|catalog|account)\b",
    r"\b(?:gl|general liability|workers'? comp|commercial auto|contractor'?s?) (?:insurance|quotes?|coverage|polic\w+)\b",
    # a supply house about the shop's own order: "the fittings for PO 5521 came in"
    r"\b(?:po|p\.o\.|purchase order) ?#? ?\d{3,}\b|\b(?:hold|holding) (?:it |them )?(?:at|behind) the counter\b|\bready for (?:pick ?up|will call)\b",
    r"\b(?:for dealers|dealer pricing|price sheet|line card|distributors?|promo on)\b",
    r"\b(?:for contractors|contractor (?:pricing|price|cost|rates?)|our catalog|send (?:you|over) (?:our|a) (?:catalog|brochure|deck|info))\b",
    r"\b(?:sell(?:ing)?|buy(?:ing)?|acquir\w*) (?:your |the |local |\w+ing )?(?:business|company|companies|customer list)\b|\bsell (?:me )?your (?:customer|client) list\b",
    r"\bsubcontract\w*\b|\binterested in partnering\b|\bpartner(?:ing|ship)? (?:with|opportunit)",
]
_CAMPAIGN = [
    r"\bpaid for by\b|\bre-?elect\b|\bearly voting\b|\bvote (?:for|yes|no) on\b|\bvote (?:yes|no)\b|\bpolling (?:place|location)\b|\bballots?\b",
]
# the classic overpayment scam: a stranger who cannot talk, pays by check, and sends a mover or agent for the change
_SCAM = [
    r"\bcashier'?s? che(?:ck|que)\b|\bcertified check\b|\bmoney order\b|\boverpa(?:y|id|yment)\b",
    r"\b(?:my|the) (?:mover|shipper|agent|assistant|driver) (?:will|to|would) (?:collect|pick up|come for) the (?:balance|rest|difference|change)\b",
    r"\b(?:i am|i'?m) (?:deaf|hearing impaired|mute)\b.{0,40}\btext only\b",
    r"\b(?:package|parcel|delivery|shipment) (?:is |was )?(?:held|on hold|pending|could not be delivered|undeliverable)\b|\bredeliver\w*\b|\bconfirm (?:your )?delivery\b",
]
_WRONG_NUMBER = [
    r"\b(?:babe|hun|honey|sweetie)\b.{0,40}\b(?:grab|pick up|milk|dinner|on the way home)\b",
    # no longer needed, or a stranger's complaint about a truck on the road
    r"^\W*(?:ok(?:ay)?\W+)?(?:thanks?\W+|thx\W+)?(?:never ?mind|nvm)\W*$|\b(?:fixed|figured) it (?:out )?(?:myself|ourselves)\b",
    r"\b(?:your|ur) (?:van|truck|driver|guy)\b.{0,30}\b(?:cut me off|tailgat\w*|speeding|learn to drive|ran a red)\b",
    r"\bwrong (?:chat|thread|convo|conversation|text|group|number|person|#|roofer|plumber|electrician|company|business|guy|place)\b|\bnumero equivocado\b|\bequivocad[oa]\b",
    r"\balready (?:have|hired|found|got|went with) (?:someone|somebody|a guy|another|a company)\b",
    r"\b(?:pocket|butt|accidental(?:ly)?) ?dial\w*\b|\bdialed (?:you )?by (?:accident|mistake)\b|\bcalled (?:you )?by (?:accident|mistake)\b",
    r"\b(?:didn'?t|did not|dont|don'?t) mean to call\b|\bmeant to call\b|\btrying to (?:call|reach) my\b|\bsorry,? (?:my|the) (?:kid|son|daughter|toddler)\b",
    (r"\bwho (?:dis|dat|this)\b(?!.{0,40}\b(?:need|broken|leak|quote|repair|fix)\b)|"
    r"\b(?:oops|whoops|my bad|sorry)\b.{0,40}\btrying to (?:call|reach|text|order)\b|\bgave me (?:your|this|the wrong) number\b"),
    r"\b(?:who is this|who'?s this|who are you)\b(?!.{0,40}\b(?:need|broken|leak|quote|repair|fix|called|my)\b)",
    # a text to family: "mom im outside, come open the door"
    r"^\W*(?:mom|mum|mama|dad|papa|grandma|grandpa|nana|babe|bro|sis)\b\W+(?:i'?m|im|we'?re|are you|where are|come|open|let me|pick me)\b",
    r"\b(?:i'?m|im|we'?re) (?:outside|out front|downstairs|at the door)\b.{0,20}\b(?:come (?:open|down|out|let)|open the (?:door|gate)|let (?:me|us) in)\b",
]
_APPLICANT = [
    r"\b(?:looking for|need|want|could use) (?:some |any )?(?:overflow|extra|side|sub|more) (?:work|jobs)\b|\bif you ever have (?:extra|overflow|too much)\b",
    (r"\bapplied (?:on|through|via) (?:indeed|ziprecruiter|linkedin|craigslist|your (?:site|website))\b|\bwhen can i (?:interview|start)\b|"
    r"\b(?:are (?:you|y'?all|yall|u) hiring|you hiring|hiring\?|looking for (?:steady |full[- ]time |part[- ]time |side |more )?(?:work|a job|employment)|job opening|any openings for|apply for|application|my resume|join your (?:team|crew))\b"),
    r"\b(?:apprentice|helper|journeyman|licensed \w+ looking)\b.{0,60}\b(?:job|work|hire|hiring|start|position|experience)\b",
    (r"\b(?:do|does) (?:you|y'?all|yall|u|you guys|your (?:company|shop)) (?:ever )?(?:hire|take on|train)\b|"
    r"\bjust (?:finished|graduated|completed|got out of)\b.{0,40}\b(?:program|school|course|apprenticeship|training|academy)\b"),
    r"\bjob ?seeker\b|\bany (?:work|jobs|openings) (?:for me|available)?\s*\?",
    r"\b(?:buscando trabajo|necesitan (?:ayudante|trabajadores)|estan contratando)\b",
    r"\b(?:looking for anyone|need(?:ing)? (?:any )?(?:an? )?(?:extra )?(?:help|hands|workers)\?|relocating to the area)\b",
]
_AUTO_REPLY = [
    r"\bdo not disturb\b|\bi'?m driving\b|\bwhile driving\b|\bauto(?:matic|mated)?[- ]?(?:reply|response|message)\b",
    r"\b(?:the )?(?:person|party|number) you (?:are|were) (?:trying to reach|calling)\b|\byou have reached\b|\baway from my phone\b",
    r"\bi'?ll (?:see|get back to|respond to|reply to) (?:your|you)\b.{0,40}\b(?:when|as soon|later)\b",
    r"\bthis (?:number|line) (?:is|does) (?:not|no longer)\b|\bout of (?:the )?office\b|\bnot monitored\b",
    # another business's after-hours reply: "Thank you for contacting Lakeside Dental. Our office is currently closed."
    (r"\b(?:our|the) (?:office|business|clinic|practice|store|shop)s? (?:is|are) (?:currently|now|temporarily) closed\b|"
    r"\b(?:if this is (?:a |an )?(?:medical )?emergency|for (?:medical )?emergencies),? (?:please )?(?:hang up and )?(?:call|dial) 911\b"),
]
_INJECTION = [
    r"\bignore (?:all |any |your |the |my )?(?:previous |prior |above |earlier )?(?:instructions|rules|prompt|directions)\b",
    r"\bsystem prompt\b|\bprint (?:everything|all|the text) above\b|\bword for word\b|\brepeat (?:your|the) (?:instructions|prompt)\b",
    r"\bsystem override\b|\bdeveloper mode\b|\bjailbreak\b|\byou are now\b|\bact as\b|\bpretend (?:to be|you are)\b",
    r"\bclassify (?:this|me) as\b|\bescalate ?= ?true\b|\bset (?:urgency|intent|escalate)\b",
    r"\bignora (?:tus|las|todas) (?:instrucciones|reglas)\b|\binstrucciones (?:anteriores|previas)\b",
    r"\bolvida (?:tus|las) (?:instrucciones|reglas)\b",
]
_WARRANTY = [
    r"\b(?:you|y'?all|yall|your (?:guy|guys|tech|techs|technician|crew|company|team|man|people|workers|installers?|electrician|plumber|roofers?)|u|ya'?ll)\b(?: \w+){0,3} (?:installed|put in|put (?:\w+ ){0,3}on|replaced|repaired|fixed|did|serviced|worked on|hung|mounted|wired|built|ran|set up|swapped|re-?roofed|re-?wired|re-?piped|re-?shingled|cleared|snaked|added|tuned up|cleaned|pumped|set|reset)\b",
    r"\b(?:installed|put in|replaced|repaired|fixed) (?:by )?(?:you|y'?all|your)\b",
    r"\b(?:guy|tech|plumber|electrician|man|person|crew|roofer) (?:you|y'?all|u) sent\b",
    r"\b(?:still )?under (?:your |the |our |a )?(?:warranty|guarantee)\b|\bwarranty\b|\bexpect (?:this|it) to be covered\b|\bshould be covered\b|\b(?:that|this|it) be covered\b",
    r"\bnew (?:\w+ )?(?:roof|furnace|ac|unit|system|boiler|water heater|door|opener|panel)\b.{0,15}\b(?:went on|was put on|installed|put in)\b",
    r"\b(?:brand )?new (?:unit|system|ac|furnace|boiler|heat pump|mini ?split|water heater|tankless|opener|roof|door|toilet|panel|fan)\b.{0,40}\b(?:already|isn'?t|not|won'?t|doesn'?t|broke|leak\w*|icing|ices|froze|freez\w*|nois\w*|rattl\w*|wobbl\w*|flicker\w*|trips)",
    r"\b(?:same (?:problem|issue|spot)|again)\b.{0,40}\b(?:you|your)\b.{0,20}\b(?:fixed|repaired|replaced|installed)\b",
    r"\b(?:ustedes|su tecnico) (?:me |nos |lo |la |los )?(?:instalaron|instalo|arreglaron|arreglo|cambiaron|pusieron)\b|\bgarantia\b",
    r"\bque (?:me|nos) (?:instalaron|pusieron|cambiaron|arreglaron)\b|\bque (?:arreglaron|instalaron|pusieron)\b",
    r"\bafter (?:ur|your|the) (?:visit|tech|guy|plumber|service call)\b",
]
# work long enough ago that a failure now is wear, not our job failing
_OLD_WORK = re.compile(r"\b(?:(?:\d+|several|many|a few|couple(?: of)?) (?:years|yrs)(?: ago)?|years ago|(?:in|back in|since) (?:19|20)\d\d|(?:19|20)\d\d)\b")
_RECENT_WORK = re.compile(
    r"\b(?:last (?:week|month|fall|spring|summer|winter|year)|(?:\d+|a few|couple(?: of)?|two|three) (?:days|weeks|wks?|months|mos?|yrs?|years) ago|"
    r"(?:installed|put in|went on) (?:on )?(?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\w*\.? \d{1,2}|"
    r"(?:in|from|since|back in) (?:jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\b\.?|yesterday|"
    r"(?:on|last|this past) (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|"
    r"(?:installed|put in|serviced|cleared|fixed|repaired|replaced|came|done|hung) (?:on )?(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\w*|"
    r"(?:en|desde|de) (?:enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre)|"
    r"from (?:january|february|march|april|may|june|july|august|september|october|november|december)|"
    r"this (?:past )?(?:spring|summer|fall|winter|year|month)|"
    r"in (?:january|february|march|april|may|june|july|august|september|october|november|december)|"
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december) \d{1,2}|"
    r"(?:only )?(?:\d+|a few|couple(?: of)?|two|three) (?:days|weeks|months) old|"
    r"hace (?:como |unos |unas )?(?:\d+|dos|tres|pocos|pocas) (?:dias|semanas|meses)|"
    r"recently|just (?:installed|put in|replaced|repaired)|only been (?:\d+|a few|two|three|a couple(?: of)?) (?:days|weeks)|brand new|the other day|el mes pasado|la semana pasada)\b"
)
_FAILURE_AFTER = re.compile(
    r"\b(?:again|already|still|isn'?t|not|won'?t|doesn'?t|stopped|leak\w*|drip\w*|broke|broken|problem|issue|"
    r"same spot|goes (?:right )?back up|keeps|pulling (?:away|off|loose)|overflow\w*|pitched wrong|wrong way|constantly|non ?stop|"
    r"smell\w*|lifting|peeling|coming off|falling off|wet|shouldn'?t|should not|rocking|volvio|regreso|dent\w*|defect\w*|wobbl\w*|flicker\w*|rocks|icing|ices|loose|gote\w*|revers\w*|scratch\w*|crack\w*|damage\w*|nois\w*|rattl\w*|squeal\w*|grind\w*|bang\w*|otra vez|de nuevo|ya|ruido|"
    r"no (?:enfria|calienta|funciona|sirve|prende|jala))\b"
)
_REVIEW = r"(?:leave|write|post|give) (?:you |y'?all |u )?(?:a |an )?(?:\w+ )?review"
_EXISTING = [
    r"\b(?:my|our|the) (?:appointment|appt|booking|scheduled visit|service call|estimate appointment)\b",
    r"\bconfirm\w* (?:my |our |the |that )?(?:appointment|appt|visit|time|tomorrow|today|monday|tuesday|wednesday|thursday|friday|saturday|sunday|for)\b",
    r"\b(?:reschedule|re-schedule|move (?:my|our|the) (?:appointment|appt|visit|time|booking|tune-?up|install\w*)|move it (?:to|up|back)|push (?:it|my|our) back|push (?:my |our |the )?(?:tomorrow'?s|today'?s|monday'?s|friday'?s) (?:\w+ )?(?:install\w*|appointment|appt|visit)|cancel (?:my|our|the) (?:appointment|appt|visit))\b",
    r"\bmy (?:electrician|plumber|tech|technician|installer|guy|roofer)\b.{0,20}\b(?:still coming|coming|here yet|on (?:his|her|the) way|late)\b",
    r"\b(?:is (?:someone|somebody|the tech|your tech|anyone) (?:still )?coming|running late|on (?:his|their|the) way\?|eta\b|what time (?:is|will) (?:the tech|someone|he|she))\b",
    r"\b(?:invoice|(?:your|the|my|our) bill|billing|receipt|payment|pay (?:the|my|online)|(?:i|we) (?:was |were |got |been )?(?:over|double )?charged|charged (?:me|us|my card|twice)|refund|(?:i|we) (?:already )?paid)\b",
    r"\b(?:signed|accepted|approved) (?:the|your|our) (?:contract|estimate|proposal|quote|bid)\b|\b(?:crew|job|work) (?:start|starts)\b|\bstart date\b",
    r"\b(?:status|update) (?:on|of) (?:our|my|the) (?:estimate|quote|job|order|appointment|permit|part)\b",
    r"\b(?:wants?|asked for|give (?:her|him|them)) your (?:number|info|card)\b",
    r"\b(?:the tech|your (?:tech|guy|guys|crew|installer|plumber|electrician)|technician|tech) (?:said|told|was|left|forgot|came)\b|\b(?:get|got|been|was) ordered\b",
    r"\b(?:on|have|with) (?:your|the) (?:maintenance|service|membership|comfort|care) (?:plan|agreement|contract|club)\b",
    # their own plan with us, to renew, cancel or ask about: "my maintenance plan is up for renewal", "stop the auto renew"
    (r"\b(?:my|our) (?:\w+ )?(?:maintenance|service|comfort|care|protection) (?:plan|agreement|contract|club)\b(?! (?:with|through|from) (?!you\b|y'?all\b|yall\b))|"
    r"\b(?:my|our) membership\b|\bauto[- ]?renew\w*\b"),
    r"\b(?:window was|was supposed to (?:come|be here)|no one showed|nobody showed|no-show)\b",
    rf"\b{_REVIEW}\b|\bhow (?:do|can) (?:i|we) review\b",
    r"\b(?:stop|come|swing|drop) by (?:\w+ ){0,4}to pay\b",
    # a third party working our open job: "did the adjuster call you yet?"
    r"\bdid (?:the |my |our )?(?:\w+ )?(?:adjuster|insurance|landlord|property manager|manager|inspector|builder|gc) (?:call|contact|reach out to|get (?:a )?hold of) (?:you|y'?all)\b",
    r"\b(?:am i|are we|is (?:it|that|my \w+)) (?:still )?on (?:the|your) schedule\b|\bwhen (?:are|is) (?:you|y'?all|yall|your (?:tech|guy|crew|team)) coming\b|\byou said (?:you'?d|this week|today|tomorrow)\b",
    r"\bmove my (?:\w+ )?(?:cleaning|service|maintenance|inspection|pump ?out|check ?up)\b|\bon file\b|\b(?:y'?all|yall|you) quoted (?:me|us)\b",
    r"\bwas (?:your|the) (?:tech|guy|crew|plumber|electrician|installer) supposed to\b",
    r"\b(?:tomorrow|today|\d{1,2} ?(?:am|pm))(?: \w+){0,2} (?:still )?works\b|\bgate code\b|\blockbox\b",
    r"\b(?:resend|re-send|resent|send (?:over|again)) (?:\w+ ){0,3}(?:video|report|invoice|photos?|pics?)\b",
    r"\bmi cita\b|\b(?:cambiar|mover|reprogramar|cancelar) (?:la|mi) cita\b|\btengo (?:una )?cita\b|\bcambiarla\b|\bfactura\b",
    r"\b(?:el|su) tecnico (?:dijo|iba|vino|quedo)\b|\bya vienen\b|\blos estoy esperando\b|\ba que hora (?:llega|viene|vienen)\b",
    r"\b(?:tech|technician|plumber|electrician|crew|guy) (?:still )?coming (?:today|tomorrow|tmrw|this (?:morning|afternoon))\b",
    r"\brunning (?:about |a few |\d+ )?(?:\d+ )?(?:min\w*|minutes) late\b|\bto meet (?:your|the) (?:tech|technician|electrician|plumber|guy|crew|installer)\b",
]
_QUOTE = [
    r"\bbao nhieu\b|\bquanto (?:custa|cobram)\b",
    r"\b(?:quotes?|estimates?|ballpark|how much|prices?|pricing|cost|costs|rates?|bids?)\b",
    r"\bwhat(?:'s| is| do| does| would| will)? (?:you|y'?all|yall|u|you guys|it|that|this) (?:\w+ )?(?:charge|cost|run)\b",
    r"\bwhat (?:do|does|would|will|did) (?:\w+ ){1,5}(?:charge|cost|run)\b|\b(?:any )?(?:specials?|deals?|discounts?|coupons?)\b",
    r"\b(?:going to|gonna) (?:run|cost|set) (?:me|us)\b",
    r"\b(?:cotizacion|cotizar|presupuesto|cuanto (?:me |nos )?(?:cuesta|cobr\w*|sale|seria)|precio)\b",
]
_INSTALL = [
    r"\b(?:install\w*|put in|add (?:a|an)|hook ?up|mount|upgrade|new (?:\w+ )?(?:system|unit|door|roof|water heater|furnace|ac|opener|panel|outlet|circuit|charger|fixture|lights?)|replace\w*|replacement|switch to|convert)\b",
    r"\b(?:instalar|instalacion|poner (?:un|una)|cambiar (?:el|la|todo))\b",
    r"\binterested in (?:a|an|getting|installing|having|adding)\b|\blooking to (?:add|put in|install)\b|\blooking to get (?:a |an )?(?:new|whole[- ]house|smart)\b|\bputting in (?:a|an|new)\b",
    r"\b(?:smart|wifi|wi-fi) (?:opener|thermostat|lock|switch\w*)\b|\bwhole[- ]house (?:water )?(?:filter|filtration|softener|generator|fan|surge|humidifier)\b",
    # things that are only ever put in new, asked for by name
    (r"\b(?:recessed|can|pot|motion|landscape|under ?cabinet|flood|security) lights?\b|\bskylights?\b|\bgenerators?\b|"
    r"\b(?:ev|car|240 ?v?|level 2|tesla) chargers?\b|\bsolar\b|"
    r"\b(?:240|220) ?v(?:olt)? (?:outlet|plug|circuit|line|receptacle)s?\b|\b(?:dedicated|extra|additional) (?:outlet|circuit)s?\b"),
    r"\bput (?:a|an|some|new|two|2|three|3) (?:\w+ ){0,3}(?:in|on|into|over|under)\b",
    r"\b(?:want|need|like|have)\b(?: [\w-]+){1,3} (?:put|added) (?:on|in|up|to)\b",
    (r"\brun (?:power|a (?:new |dedicated )?(?:line|circuit)|wire|wiring|electric\w*|a gas line|gas|water)\b|"
    r"\b(?:power|wire|wiring|a line|a circuit|gas|water) (?:run|ran) (?:out )?to\b"),
]


# equipment for a room or a purpose the house did not have: "we're adding a sunroom", "put CO detectors in the bedrooms"
_NEW_PURPOSE = [
    r"\b(?:adding|added|building|built|finishing|finished|converting|converted) (?:on )?(?:a|an|the|our|my) (?:new )?(?:\w+ )?(?:sunroom|addition|bonus room|room|adu|in-law suite|studio|workshop)\b",
    r"\b(?:can|could|would) (?:you|y'?all|yall|u) (?:put|add|install)\b.{0,40}\b(?:in|to|for) (?:the|our|my|each|every|all(?: the)?) (?:\w+ )?(?:bedrooms|rooms|sunroom|addition|basement|attic|garage|shop)\b",
]


@dataclass(frozen=True)
class IntentGuess:
    intent: str
    reason: str
    confidence: float
    fallback: bool = False  # no pattern family fired: the rules only defaulted to a service request


def _first(patterns: list[str], text: str, negation: bool = True) -> re.Match[str] | None:
    """The first match not negated ("isn't that under warranty?" asks, so warranty skips the check)."""
    for pattern in patterns:
        for match in re.finditer(pattern, text):
            if not negation or not negated(text, match.start(), hypothetical=False):
                return match
    return None


def is_injection(messages: list[str]) -> bool:
    return _first(_INJECTION, fold(" ".join(messages))) is not None


def strip_injection(messages: list[str]) -> list[str]:
    """The texts without sentences that try to instruct the assistant: they carry no facts."""
    kept = []
    for message in messages:
        parts = [s for s in sentences(message) if not _first(_INJECTION, fold(s))]
        if parts:
            kept.append(" ".join(parts))
    return kept


def not_a_lead_reason(messages: list[str]) -> str | None:
    text = fold(" ".join(messages))
    for reason, patterns in (("vendor", _VENDOR), ("campaign", _CAMPAIGN), ("scam", _SCAM), ("wrong_number", _WRONG_NUMBER),
                             ("applicant", _APPLICANT), ("auto_reply", _AUTO_REPLY)):
        if _first(patterns, text):
            return reason
    return None


def guess_intent(messages: list[str], has_need: bool, danger: bool) -> IntentGuess:
    """The rules' intent. `has_need`: a service or problem was found; `danger`: escalation."""
    reason = not_a_lead_reason(messages)
    if reason and not danger:
        return IntentGuess("not_a_lead", reason, 0.9)
    if danger:
        return IntentGuess("emergency_repair", "danger", 0.95)
    text = fold(" ".join(messages))
    if _first(_WARRANTY, text, negation=False) and _FAILURE_AFTER.search(text):
        if _RECENT_WORK.search(text) or "warrant" in text or "garantia" in text or "covered" in text:
            return IntentGuess("warranty_claim", "our recent work failed", 0.8)
        if not _OLD_WORK.search(text):  # "the gutters you installed are pulling away": no date, so likely ours and recent
            return IntentGuess("warranty_claim", "our work failed", 0.65)
    if _first(_EXISTING, text):
        return IntentGuess("existing_customer", "booked or billed customer", 0.8)
    if _first(_QUOTE, text):
        return IntentGuess("quote_request", "asks for a price", 0.75)
    if _first(_NEW_PURPOSE, text):
        return IntentGuess("new_installation", "equipment for a new room or purpose", 0.7)
    if _first(_INSTALL, text) and not _problem_words(text) and not _UPKEEP.search(text):
        return IntentGuess("new_installation", "wants something new put in", 0.7)
    if not has_need and not messages_have_content(messages):
        return IntentGuess("service_request", "nothing said yet", 0.4)  # too little for any classifier either
    return IntentGuess("service_request", "a problem to fix or service to do", 0.7 if has_need else 0.5, fallback=True)


_PROBLEM = re.compile(
    r"\b(?:broke|broken|leak\w*|drip\w*|not working|isn'?t working|won'?t|wont|doesn'?t|quit|died|stopped|noise|"
    r"clog\w*|backing up|not cooling|no heat|no hot water|sparking|trips|tripp\w*|stuck|snapped|off track|crooked|"
    r"(?:isn'?t|not|won'?t) (?:turning|turn|coming|come|kicking|kick) on|blank|crunched|dented|damaged|bent|cracked|"
    r"rotted|rotten|torn|ripped|blowing off|missing|fogg\w*|blink\w*|flicker\w*|cutting out|(?:going|went|goes) out|stain\w*|check(?:ed)? (?:it |them )?out|fix|repair|soft|spongy|sagging|worn|dent\w*|defect\w*|wobbl\w*|loose|chirp\w*|drops|didn'?t (?:help|work))\b"
)


# swapping a worn part of something already there is upkeep, not a new installation
_UPKEEP = re.compile(
    r"\b(?:replac|swap|chang)\w* (?:\w+ ){0,3}(?:batteries|battery|filters?|bulbs?|hinges?|boards?|parts?|capacitor|"
    r"belts?|seals?|gaskets?|cartridges?|flapper|handles?|igniter|sensors?|fuses?|wax ring|weather ?strip\w*)\b"
)


def _problem_words(text: str) -> bool:
    """Something is wrong now; 'install the opener I bought because the old one died' still installs."""
    match = _PROBLEM.search(text)
    if not match:
        return False
    return not re.search(r"\b(?:old|previous|existing)\b.{0,40}\b(?:died|broke|quit|stopped)\b|\b(?:need|want)\b.{0,30}\binstall", text)


# a customer's errand with us that is not a problem: papers, payment, a review, a confirmation
_PAPERWORK = re.compile(
    rf"\b(?:receipts?|invoices?|paperwork|{_REVIEW}|"
    r"confirm\w*|paid|pay (?:online|the bill|my bill)|payment|recibo|factura)\b"
)


def is_paperwork(messages: list[str]) -> bool:
    return bool(_PAPERWORK.search(fold(" ".join(messages))))


def messages_have_content(messages: list[str]) -> bool:
    return any(len(fold(m).split()) > 3 for m in messages)


_CALL_ME = re.compile(r"\b(?:call|ring|phone) (?:me|us)(?: back)?\b|\b(?:pls|plz|please) call\b(?! 911)|\bcall (?:asap|back)\b|\bgive me a (?:call|ring)\b|"
                      r"\bllam(?:ame|eme|enme|arme)\b|\bme (?:pueden|puede) llamar\b")


def asks_for_a_call(messages: list[str]) -> bool:
    """The texter wants the shop to phone them: someone with a job in mind, however little they said."""
    return bool(_CALL_ME.search(fold(" ".join(messages))))
