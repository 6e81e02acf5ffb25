"""Common US given names, both sexes, many origins, in lower case.

Written by hand for textback from general knowledge of the names US customers sign with; no list was
downloaded. It tells a first name from a town or an ordinary word where capitalisation cannot: a lone
"Dana" (a town too) stays a name, a lone "Tacoma" does not; a shouted "BABY" is no name; a lower-case
"its kaylee" is one. Kept as a module (not a .txt) so it ships with the package.
"""

GIVEN_NAMES = frozenset("""
aaliyah aaron abby abdul abel abigail abraham ada adam adrian adriana ahmed aidan aiden aisha alan alana albert
alberto alejandra alejandro alex alexa alexander alexandra alexis alfonso alfred alfredo ali alice alicia alisha
alison allen allison alma alvin alyssa amanda amber amelia amir amy ana andre andrea andres andrew andy angel
angela angelica angelo angie anita ann anna anne annette annie anthony antonio april arianna armando arnold arthur
arturo ashley aubrey audrey austin ava avery bailey barbara barry beatriz becky ben benjamin bernard beth bethany
betty beverly bianca bill billy blake bob bobby bonnie brad bradley brandi brandon brandy brenda brendan brent
brett brian briana brianna bridget brittany brooke bruce bryan bryce caleb calvin cameron camila candace cara carl
carla carlos carly carmen carol caroline carolyn carrie carson casey cassandra cassidy catherine cathy cecilia
cedric celia chad charlene charles charlie charlotte chase chelsea cheryl chloe chris christian christina
christine christopher chuck cindy claire clara clarence claudia clay clayton clifford clint cody colby cole colin
colleen connie connor corey cory courtney craig crystal curtis cynthia daisy dakota dale dallas damian damon dan
dana daniel daniela danielle danny darius darlene darnell darrell darren daryl dave david dawn dean deanna debbie
deborah debra deja delia denise dennis derek derrick desiree destiny devin devon dexter diana diane diego dillon
dolores dominic don donald donna dora doris dorothy doug douglas drew duane dustin dwayne dylan earl earlene ed
eddie edgar eduardo edward edwin eileen elaine eleanor elena eli elijah elisa elizabeth ella ellen emily emma eric
erica erik erin ernest ernesto esmeralda esther ethan eugene eva evan evelyn faith fatima felicia felix fernando
floyd frances francis francisco frank franklin fred freddie frederick gabriel gabriela gabrielle gail gary gavin
gene george gerald gerardo gina gladys glen glenn gloria gordon grace grant greg gregory guadalupe gustavo hailey
haley hannah harold harry hassan hazel heather hector heidi helen henry herbert holly hope howard hunter ian ibrahim
imani irene iris isaac isabel isabella isaiah ivan jack jackie jackson jacob jacqueline jade jaime jake jamal james
jamie jan jane janelle janet janice jared jasmine jason javier jay jean jeanette jeff jeffrey jenna jennifer jenny
jeremiah jeremy jerome jerry jesse jessica jessie jesus jill jim jimmy jo joan joann joanna joe joel john johnny
jon jonathan jordan jorge jose josef joseph josh joshua joy joyce juan juanita judith judy julia julian julie
julio justin kaitlyn kara karen kari karina karl kate katelyn katherine kathleen kathryn kathy katie kay kayla
kaylee keisha keith kelly kelsey ken kendra kenneth kenny kevin kim kimberly kirk kristen kristin kristina kurt
kyle lacey lakeisha lamar lance larry latasha latoya laura lauren laurie lawrence leah lee leon leonard leroy
leslie lester lillian lily linda lindsay lindsey lisa liz logan lois lonnie lori lorraine louis louise lucas lucy
luis luke luz lydia lynn mackenzie madison maggie malik mandy manuel marc marcia marco marcos marcus margaret maria
mariah marie marilyn mario marisa marisol marissa mark marlene marshall martha martin marvin mary mason matt
matthew maureen maurice max maya megan meghan melanie melissa melvin mercedes meredith mia micah michael michelle
miguel mike mildred miranda misty mitchell molly monica monique morgan muhammad myra nadia nancy naomi natalie
natasha nathan nathaniel neil nelson nicholas nick nicole nina noah nora norma oliver olivia omar oscar owen paige
pamela pat patricia patrick patsy paul paula pedro peggy penny perry peter philip phillip phyllis priscilla rachel
rafael ralph ramon randall randy raquel raul ray raymond rebecca regina reginald renee rhonda ricardo richard rick
ricky riley rita rob robert roberta roberto robin rocio rodney roger roland ron ronald ronnie rosa rosalind rose
rosemary ross roxanne ruby rudy russell ruth ryan sabrina sadie sally sam samantha samuel sandra sandy sara sarah
savannah scott sean sergio seth shane shannon sharon shawn sheila shelby shelly sherry shirley sierra silvia sofia
sonia sophia stacey stacy stan stanley stephanie stephen steve steven sue susan suzanne sydney sylvia tamara tami
tammy tanya tara tasha taylor ted teresa terrence terri terry theresa thomas tiffany tim timothy tina toby todd
tom tomas tomasz tommy toni tony tonya tracey traci tracy travis trevor tricia trinity troy tyler tyrone valerie
vanessa vernon veronica vicki vickie victor victoria vincent virginia vivian wade walter wanda warren wayne wendy
wesley whitney william willie wyatt xavier yesenia yolanda yvonne zachary zoe
abe al alf barb bart bea bev bert bud carlie cass chet chuy dee del deb dot dre drea eddy em fran gabe gil gus
hank herb ike jess jody jojo kat kit lou mac mel meg mo nat ned nell pam pete rae reggie rich ro
russ sal sid stu tad tess theo val vic vin viv wes will zach
adele agnes alberta alvaro amos antoine arlene august barney beatrice benny bernice beulah blanche boyd
bradford brady bryant buford carlton cecil celeste chester cheyenne clarissa claude clyde cornelius daphne delbert
dewey dolly dominique earnest edith edna effie elmer eloise elsie elvira emmett enrique ernie estela ethel eunice
everett felipe fern fritz gerard gertrude gilberto graham gwen harlan harriet hattie homer horace hubert ignacio
inez irma isidro ivy jarrod jeanine jethro hollis joaquin josephine jude kendall lamont lena leo leona leticia
lionel lloyd lola loretta lorenzo lucille lucinda luella lupe lyle mabel mae marcel marge margie maribel marjorie
marla mattie maxine merle milton minnie mona myrtle nellie nestor newton nolan odessa olga opal orville otis pablo
pearl percy quentin quincy reba regis reuben rochelle rodolfo rollie roscoe rowan rufus salvador santiago saul
selma shaun silas sonny stella stuart tanner terrell thelma tobias trudy ursula vera verna vern viola virgil
wallace wilbur wilma winston yusuf
""".split())  # noqa: SIM905 (a word list reads best as lines of words)


def is_given_name(word: str) -> bool:
    return word.lower() in GIVEN_NAMES
