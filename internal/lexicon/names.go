package lexicon

import (
	"hash/fnv"
	"slices"
	"strings"
)

// This file holds the given-name table: common first names of the English-speaking world with
// their usual gender, written by us from general knowledge (no external list was copied). It backs
// story.NewPair (the gender of a named protagonist, and a counterpart for names the caller did not
// map), the swapper's protagonist detection and the neutrality check of package neutral.

// maleNames are given names mostly borne by men.
const maleNames = `Aaron Abe Abel Abraham Adam Adrian Ahmed Aidan Al Alan Albert Alberto Alec
Alejandro Alexander Alfie Alfred Ali Allen Alonzo Alvin Amir Anderson Andre Andreas Andrew
Andy Angelo Anthony Antonio Archie Arjun Arnold Arthur Asher Austin Axel Barry Beau Ben
Benjamin Bennett Bernard Bert Billy Blake Bob Bobby Boris Brad Bradley Brady Brandon Brendan
Brent Brett Brian Bruce Bruno Bryan Bryce Byron Caleb Calvin Cameron Carl Carlos Carter Cecil
Cedric Chad Charles Charlie Chester Chuck Clarence Clark Claude Clayton Clement Clifford Clint
Clyde Cody Colin Conor Connor Cooper Craig Curtis Cyrus Dallas Damian Damon Dan Daniel Danny
Dante Darius Darren Darryl Dave David Dean Declan Dennis Derek Desmond Devin Dexter Diego
Dimitri Dominic Don Donald Donovan Doug Douglas Duane Duncan Dustin Dwayne Dwight Dylan Earl
Ed Eddie Edgar Edmund Eduardo Edward Edwin Eli Elias Elijah Elliot Elliott Elmer
Emilio Emmett Enrique Eric Erik Ernest Ernie Ethan Eugene Evan Ezra Fabian Felix Fernando
Finn Floyd Francis Francisco Frank Frankie Franklin Fred Freddie Frederick Fredric Gabe
Gabriel Gary Gavin Gene George Gerald Gilbert Glen Glenn Gordon Graham Grant Greg Gregory
Gus Harold Harrison Harry Harvey Hassan Hector Henry Herbert Herman Howard Hubert Hudson Hugh
Hugo Hunter Ian Ibrahim Igor Isaac Isaiah Ivan Jack Jackson Jacob Jake Jamal James Jared
Jason Jasper Javier Jay Jeff Jeffrey Jeremiah Jeremy Jerome Jerry Jim Jimmie Jimmy Joe Joel
Joey John Johnny Jon Jonah Jonathan Jorge Jose Joseph Josh Joshua Juan Julian Julius Justin
Kai Karl Keith Ken Kenneth Kenny Kevin Kieran Kirk Kurt Kyle Lance Larry Lawrence Leo Leon
Leonard Leroy Levi Lewis Liam Lincoln Lionel Lloyd Logan Lorenzo Louis Lucas Luigi Luis Luke
Luther Malcolm Manuel Marcus Mario Mark Marshall Martin Marvin Mason Mateo Matt Matthew
Maurice Max Maxwell Melvin Micah Michael Mickey Miguel Mike Miles Milo Mitchell Mohammed
Muhammad Murray Nate Nathan Nathaniel Neil Nelson Nick Nicholas Nicolas Noah Noel Norman
Oliver Omar Oscar Otis Otto Owen Pablo Patrick Paul Pedro Percy Pete Peter Phil Philip
Phillip Pierre Quentin Rafael Ralph Ramon Randall Randy Raul Ray Raymond Reggie Reginald Rex
Ricardo Richard Rick Ricky Rob Robert Roberto Rocco Rod Roderick Rodney Roger Roland Roman
Ron Ronald Ronnie Ross Roy Ruben Rudy Russell Ryan Salvador Sam Samuel Saul Scott Sean Sebastian
Sergio Seth Shane Shaun Shawn Sid Silas Simon Spencer Stan Stanley Stefan Stephen Steve Steven
Stewart Stuart Ted Teddy Terrence Theo Theodore Thomas Tim Timothy Toby Todd Tom Tommy Tony
Travis Trevor Troy Tyler Tyrone Victor Vincent Vinny Wade Walter Warren Wayne Wesley Wilbur
Will William Willie Wyatt Xavier Zach Zachary Zack Zane Ace Andres Bryant Cole Colton Dale
Darrell Davis Dillon Easton Emmanuel Everett Fletcher Forrest Garrett Grayson Griffin Hank
Jeffery Jerald Keegan Lamar Landon Lee Lester Lowell Marco Micheal Myron Nigel
Preston Reed Rhett Rory Sawyer Stephan Sterling Tanner Terrell Tristan Tucker Vernon Wallace
Weston Winston Zeke Ahmad Chris`

// femaleNames are given names mostly borne by women.
const femaleNames = `Abby Abigail Ada Adele Adriana Agatha Agnes Aileen Aisha Alana Alexa
Alexandra Alexis Alice Alicia Alina Alisha Alison Allison Alma Alyssa Amanda Amber Amelia Amy
Ana Anastasia Andrea Angela Angelica Angelina Angie Anita Ann Anna Anne Annette Annie Antonia
April Ariana Ariel Arlene Ashley Audrey Aurora Ava Barbara Beatrice Becky Belinda Bella
Bernadette Bernice Beth Bethany Betty Beverly Bianca Bonnie Brenda Brianna Bridget Brittany
Brooke Callie Camila Candace Candice Cara Carla Carmen Carol Caroline Carolyn Carrie Cassandra
Cassie Catherine Cathy Cecilia Celia Charlene Charlotte Chelsea Cheryl Chloe Christie
Christina Christine Cindy Claire Clara Claudia Colleen Connie Cora Courtney Crystal Cynthia
Daisy Daphne Darlene Dawn Debbie Deborah Debra Delia Denise Diana Diane Dina Dolores Donna
Dora Doris Dorothy Edith Edna Eileen Elaine Eleanor Elena Eliza Elizabeth Ella Ellen Ellie
Eloise Elsa Elsie Emilia Emily Emma Erica Erika Erin Esther Ethel Eva Eve Evelyn Faith Fatima
Felicia Fiona Florence Frances Francesca Gabriela Gabrielle Gail Gemma Georgia Geraldine
Gina Ginger Gladys Glenda Gloria Grace Gwen Hailey Haley Hannah Harriet Hazel Heather Heidi
Helen Helena Hilda Holly Hope Ida Imogen Ingrid Irene Iris Isabel Isabella Isabelle Ivy Jackie
Jacqueline Jade Jan Jane Janet Janice Jasmine Jean Jeanette Jenna Jennie Jennifer Jenny
Jessica Jill Joan Joanna Joanne Jocelyn Josephine Joy Joyce Juanita Judith Judy Julia Julie
Juliet June Justine Kara Karen Kate Katherine Kathleen Kathryn Kathy Katie Katrina Kay Kayla
Kelsey Kim Kimberly Kirsten Kristen Kristin Kristina Kylie Lana Laura Lauren Laurie Leah
Lena Lila Lillian Lily Linda Lindsay Lindsey Lisa Liz Lois Lola Lorena Loretta Lori Lorraine
Louise Lucia Lucille Lucy Luna Lydia Lynn Mabel Mackenzie Madeline Madison Maggie Mandy Mara
Marcia Margaret Margie Maria Marian Marie Marilyn Marina Marissa Marjorie Marlene Martha Mary
Maureen Maxine May Maya Megan Melanie Melinda Melissa Mia Michelle Mildred Mindy Miranda Miriam
Molly Monica Monique Muriel Myra Nadia Nancy Naomi Natalie Natasha Nellie Nicole Nina Nora
Norma Olga Olive Olivia Paige Pam Pamela Patricia Patsy Paula Pauline Pearl Peggy Penelope
Penny Phoebe Phyllis Polly Priscilla Rachel Rebecca Regina Renee Rhonda Rita Roberta Robyn
Rosa Rosalie Rose Rosemary Rosie Roxanne Ruby Ruth Sabrina Sadie Sally Samantha Sandra Sara
Sarah Savannah Scarlett Selena Serena Shannon Sharon Sheila Shelby Shelly Sherry Shirley
Sienna Silvia Sofia Sonia Sophia Sophie Stacey Stacy Stella Stephanie Sue Susan Susie Suzanne
Sylvia Tamara Tammy Tanya Tara Teresa Tess Tessa Thelma Theresa Tiffany Tina Tracy Trudy
Valerie Vanessa Vera Veronica Vicky Victoria Violet Virginia Vivian Wanda Wendy Whitney Wilma
Yolanda Yvonne Zoe Zoey Ariana Carly Dana Delilah Elise Gianna Irma Isla Jenifer Kendra Lacey
Leslie Mallory Maddie Nikki Olivia Rachael Raquel Ramona Sasha Skye Tabitha Ursula
Winnie Yasmin Marsha Alisha Jody`

// unisexNames are given names borne by both men and women: the story's pronouns decide.
const unisexNames = `Alex Avery Blair Cameron Carey Casey Charlie Dakota Devon Drew Eden Elliot
Emerson Finley Frankie Harper Hayden Jaime Jamie Jesse Jordan Jules Kelly Kendall Lee
Morgan Pat Peyton Quinn Reese Riley River Robin Rowan Sage Sam Sammy Shay Skyler Stevie
Sydney Taylor Terry Toni Tracey Val Bailey Jessie`

// wordNames are given names that are also common English words: a capitalised one counts as a
// name only away from the start of a sentence.
const wordNames = `Will May June April August Rose Lily Mark Bill Grant Faith Hope Joy Grace Dawn
Amber Ruby Pearl Frank Art Drew Rob Sue Pat Jack Ray Dean Chase Hunter Summer Autumn Iris
Violet Daisy Ivy Holly Jean Sky Destiny Heather Ginger Crystal Olive Robin Carol Gene Miles
Rich Penny Brook Cliff Glen Dale Wade Lane Reed Rod Nick Bob Earl Major Sterling Chance Cash
Gray Norm Herb Eve Candy Sunny Misty Jade Jasmine Hazel Sage Fern Willow River Jay Drake Buck
Don Sandy Rusty Chuck Kay Joe Max Bud Sonny Stan Terry Sam Skye Ace Dallas Austin Lincoln
Jackson Florence Georgia Virginia Victoria Madison Chelsea Savannah Aurora Sydney Paris Phoenix
Carter Cooper Mason Hudson Parker Taylor Morgan Nelson Marshall Sterling`

// nameInfo is what the table knows about one lower-case given name.
type nameInfo struct {
	gender Gender // Unknown for unisex names
	word   bool   // also a common English word
}

// givenNames maps a lower-case given name to its usual gender. Built at init, never mutated.
var givenNames = buildNames()

// counterparts lists the names [CounterpartName] picks from, per gender, in table order.
var counterparts = buildCounterparts()

func buildNames() map[string]nameInfo {
	m := make(map[string]nameInfo, 1200)
	for _, l := range [...]struct {
		list string
		g    Gender
	}{{maleNames, Male}, {femaleNames, Female}} {
		for _, n := range strings.Fields(l.list) {
			m[strings.ToLower(n)] = nameInfo{gender: l.g}
		}
	}
	for _, n := range strings.Fields(unisexNames) {
		m[strings.ToLower(n)] = nameInfo{gender: Unknown}
	}
	for _, n := range strings.Fields(wordNames) {
		k := strings.ToLower(n)
		if e, ok := m[k]; ok {
			e.word = true
			m[k] = e
		}
	}
	return m
}

// maleCounterparts and femaleCounterparts hold the names story.NewPair gives to a character: common, unambiguous names that
// are not also ordinary words, so a swapped story never gains a misleading word.
const (
	maleCounterparts = `John Michael David James Robert Daniel Thomas Matthew Andrew Steven
Paul Kevin Brian George Edward Jason Ryan Eric Peter Adam Henry Nathan Samuel Benjamin Patrick
Scott Gregory Kenneth Timothy Richard Charles Anthony Joshua Justin Brandon Tyler Ethan Lucas
Oliver Simon Victor Oscar Martin Dennis Walter Harold Arthur Carl`
	femaleCounterparts = `Mary Sarah Emily Jessica Jennifer Elizabeth Emma Michelle Susan Nancy
Rachel Laura Rebecca Megan Hannah Olivia Sophia Natalie Amanda Nicole Stephanie Melissa Karen
Linda Barbara Lisa Helen Sandra Donna Ashley Kimberly Angela Anna Alice Julia Claire
Lucy Chloe Caroline Charlotte Diana Sophie Ella Fiona Irene Monica Paula Tina Wendy`
)

func buildCounterparts() [3][]string {
	var c [3][]string
	c[Male] = strings.Fields(maleCounterparts)
	c[Female] = strings.Fields(femaleCounterparts)
	return c
}

// GivenName reports whether word is a given name of the built-in table and its usual gender
// (Unknown for names borne by both men and women). Case is ignored. Names that are also common
// English words (Will, Rose, Mark) are reported with common set, so callers can ignore them
// where the word is more likely meant. GivenName is safe for concurrent use.
func GivenName(word string) (g Gender, common bool, ok bool) {
	var buf [32]byte
	if len(word) > len(buf) {
		return Unknown, false, false
	}
	n := lowerASCII(buf[:], word)
	if n < 0 {
		return Unknown, false, false
	}
	e, ok := givenNames[string(buf[:n])]
	return e.gender, e.word, ok
}

// CounterpartName returns a given name of gender g for the name old, deterministically, that is
// not in taken (a set of lower-case names already used by the story). It returns "" when g is
// Unknown.
func CounterpartName(old string, g Gender, taken func(string) bool) string {
	if g != Male && g != Female {
		return ""
	}
	pool := counterparts[g]
	h := fnv.New32a()
	h.Write([]byte(strings.ToLower(old)))
	start := int(h.Sum32() % uint32(len(pool)))
	for i := range pool {
		n := pool[(start+i)%len(pool)]
		if !taken(strings.ToLower(n)) {
			return n
		}
	}
	return pool[start]
}

// Counterparts returns the names [CounterpartName] picks from for gender g, in table order, as
// a new slice (nil for Unknown).
func Counterparts(g Gender) []string {
	if g != Male && g != Female {
		return nil
	}
	return slices.Clone(counterparts[g])
}
