//go:build linux

package main

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/kopernik/kopernik"
)

var (
	firstNames = []string{"Ann", "Anna", "Bram", "Bart", "Carla", "Chris", "Daan", "Daniel", "Emma", "Eva",
		"Femke", "Finn", "Gijs", "Hanna", "Henk", "Ilse", "Isa", "Jan", "Jasper", "Julia", "Kees", "Lars",
		"Laura", "Lieke", "Lotte", "Luuk", "Maria", "Mark", "Martijn", "Milan", "Noah", "Nina", "Olivia",
		"Pieter", "Priya", "Quinten", "Rachel", "Ruben", "Sam", "Sanne", "Sara", "Sophie", "Thomas", "Tim",
		"Vera", "Wouter", "Yara", "Zoë", "Ahmed", "Fatima", "Mohamed", "Wei", "Lucas", "Olga"}
	lastNames = []string{"Smith", "Smit", "Smits", "Smeets", "Smulders", "Jansen", "Janssen", "Jacobs",
		"Bakker", "Bos", "Baker", "Brouwer", "Brown", "Bruin", "de Vries", "de Jong", "de Boer", "de Graaf",
		"van den Berg", "van Dijk", "van der Meer", "Visser", "Meijer", "Mulder", "Martin", "Maas", "Molenaar",
		"Mertens", "Moreau", "Peters", "Hendriks", "Dekker", "Dijkstra", "Kok", "Koster", "Prins", "Vos",
		"Willems", "Wouters", "Hoekstra", "Kramer", "Schouten", "Sanders", "Santos", "Garcia", "Johnson",
		"Williams", "Jones", "Miller", "Davis", "Wilson", "Taylor", "Anderson", "Thomas", "Moore", "Clark",
		"Lewis", "Walker", "Hall", "Young", "King", "Wright", "Lopez", "Hill", "Scott", "Green", "Adams",
		"Nelson", "Baker", "Carter", "Mitchell", "Roberts", "Turner", "Phillips", "Campbell", "Parker", "Evans",
		"Edwards", "Collins", "Stewart", "Morris", "Murphy", "Cook", "Rogers", "Morgan", "Bell", "Bailey"}
	cities = []string{"Amsterdam", "Rotterdam", "Den Haag", "Utrecht", "Eindhoven", "Groningen", "Tilburg",
		"Almere", "Breda", "Nijmegen", "Apeldoorn", "Haarlem", "Arnhem", "Enschede", "Amersfoort", "Zaanstad",
		"Delft", "Leiden", "Maastricht", "Zwolle", "Antwerpen", "Gent", "Brussel", "London", "Berlin", "Paris"}
	domains = []string{"example.org", "example.com", "example.net", "mail.example.org"}
	words   = strings.Fields("customer prefers email contact asked about the newsletter delivery was late " +
		"interested in premium plan called support twice moved recently likes discounts returns often " +
		"wants invoice by post loyal since years referred a friend")
)

const vipChoices = "no*\nsilver\ngold\nplatinum"

type gen struct{ r *rand.Rand }

func newGen(seed uint64) *gen { return &gen{rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))} }

type profileData struct {
	Email, First, Last, City string
	Age                      int64
	Score                    float64
	Birth, Signup, VIP       string
	Notes                    string
}

func (g *gen) profile(i int) profileData {
	r := g.r
	p := profileData{First: firstNames[r.IntN(len(firstNames))], Last: lastNames[r.IntN(len(lastNames))],
		City: cities[r.IntN(len(cities))], Age: int64(18 + r.IntN(73))}
	p.Email = fmt.Sprintf("%s.%s%d@%s", strings.ToLower(p.First), strings.ToLower(strings.ReplaceAll(p.Last, " ", "")),
		i, domains[r.IntN(len(domains))])
	p.Score = math.Round(r.Float64()*10000) / 100
	p.Birth = fmt.Sprintf("%04d-%02d-%02d", 2025-int(p.Age), 1+r.IntN(12), 1+r.IntN(28))
	p.Signup = time.Date(2015, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(r.Int64N(int64(10 * 365 * 24 * time.Hour)))).
		Truncate(time.Second).Format("2006-01-02 15:04:05")
	switch x := r.IntN(100); {
	case x < 80:
		p.VIP = "no"
	case x < 92:
		p.VIP = "silver"
	case x < 98:
		p.VIP = "gold"
	default:
		p.VIP = "platinum"
	}
	if r.IntN(3) == 0 {
		n := 5 + r.IntN(40)
		ws := make([]string, n)
		for k := range ws {
			ws[k] = words[r.IntN(len(words))]
		}
		p.Notes = strings.Join(ws, " ")
	}
	return p
}

// json is the "fields" object of a POST body: numbers as JSON numbers, the rest strings.
func (p profileData) json() map[string]any {
	return map[string]any{"email": p.Email, "firstname": p.First, "lastname": p.Last, "city": p.City,
		"age": p.Age, "score": p.Score, "birthdate": p.Birth, "signup": p.Signup, "vip": p.VIP, "notes": p.Notes}
}

// fields is the same as the store's input map.
func (p profileData) fields() *kopernik.Map {
	m := &kopernik.Map{}
	m.Set("email", p.Email)
	m.Set("firstname", p.First)
	m.Set("lastname", p.Last)
	m.Set("city", p.City)
	m.Set("age", p.Age)
	m.Set("score", p.Score)
	m.Set("birthdate", p.Birth)
	m.Set("signup", p.Signup)
	m.Set("vip", p.VIP)
	m.Set("notes", p.Notes)
	return m
}
