"""The national method templates as reviewed data, in our own words; the facts (steps, their
order, the go/no-go moments, lead time, origin) come from the seed documents (000, 003).
``load_templates`` writes them as national ``MethodTemplate`` rows (idempotent)."""

from __future__ import annotations

from typing import Any


def _step(
    title: str, description: str, result: str, substeps: list[str], gate: bool = True
) -> dict[str, Any]:
    return {
        "title": title,
        "description": description,
        "result": result,
        "substeps": substeps,
        "gate": gate,
    }


TEMPLATES: list[dict[str, Any]] = [
    {
        "key": "integrale-werkwijze",
        "title": "Integrale werkwijze bij ongestructureerde problemen (CCV)",
        "origin": "Het CCV; toegepast in Oss (inspiratieboek Ondermijning in de wijk)",
        "lead_time": "ongeveer een jaar",
        "description": (
            "Proces in vier hoofdstappen voor problemen waar geen kant-en-klare aanpak voor "
            "bestaat. Na elke hoofdstap volgt een go/no-go-moment. In de eerste stap scheiden de "
            "partners feiten van aannames; in Oss bleek daarbij ongeveer een tiende feit."
        ),
        "steps": [
            _step(
                "QuickScan: weten wat je ziet",
                "Het 'niet pluis'-gevoel ontrafelen tot een probleemdefinitie die alle partners "
                "dragen en op feiten rust.",
                "Contouren van een plan van aanpak",
                [
                    "Problematiek ontrafelen",
                    "Signalensessie met alle partners",
                    "Feiten en aannames scheiden",
                    "Gedeelde probleemdefinitie opstellen",
                ],
            ),
            _step(
                "Systeemwereld",
                "De aanpak vertalen naar beleid, taken, bevoegdheden en verantwoordelijkheden "
                "van de organisaties, met commitment van hun bestuurders.",
                "De basis op orde in het interventieveld",
                [
                    "Ketendefinitie: hoe verhoudt elke organisatie zich tot de opdracht",
                    "Werkwijzen en protocollen passend maken",
                    "Commitment van leidinggevenden en bestuurders vastleggen",
                ],
            ),
            _step(
                "Uitvoering",
                "Aan de slag: doen, leren, evalueren en bijstellen; terugval bespreken en "
                "barrières opzoeken.",
                "Een doorlopend proces",
                [
                    "Uitvoeren en evalueren",
                    "Bijstellen waar het vastloopt",
                    "De-escalatie op bestuurlijk niveau",
                    "Workshops met specialisten waar kennis ontbreekt",
                ],
            ),
            _step(
                "Duurzaam borgen",
                "Vasthouden op alle niveaus: kennis en vaardigheden onderhouden en blijven "
                "communiceren.",
                "Goed voorbereide professionals",
                ["Kennis en competenties onderhouden", "Communicatie blijvend regelen"],
            ),
        ],
    },
    {
        "key": "familiestructuren-vijf-stappen",
        "title": "Criminaliteit in familiestructuren: vijf stappen (CCV)",
        "origin": "Het CCV, aanbod preventieve wijkaanpak jonge aanwas",
        "lead_time": "",
        "description": (
            "Integrale werkwijze voor criminaliteit binnen families, waar criminele uitbuiting "
            "vaak niet wordt herkend: van eerste signalen naar begrijpen, beleid, uitvoering en "
            "voortzetting."
        ),
        "steps": [
            _step("Eerste signalen opvangen", "Signalen van partners bijeenbrengen.", "", []),
            _step(
                "Onderzoeken",
                "Uitzoeken en weten wat er werkelijk aan de hand is.",
                "Gedeeld beeld",
                [],
            ),
            _step("Beleid ontwikkelen", "Afspraken en beleid op het beeld afstemmen.", "", []),
            _step("Uitvoeren", "De afgesproken aanpak uitvoeren.", "", []),
            _step("Voortzetten", "De aanpak vasthouden en voortzetten.", "", [], gate=False),
        ],
    },
    {
        "key": "zeven-stappenmodel",
        "title": "7-stappenmodel (problematische jeugdgroepen)",
        "origin": "Wegwijzer Jeugd en Veiligheid; begeleiding door het CCV; basis van de aanpak "
        "Nieuwe aanwas Nieuwland (Schiedam)",
        "lead_time": "",
        "description": (
            "Groepsaanpak die vorm geeft aan de samenwerking, de analyse en de interventies. De "
            "seeds noemen de zeven afzonderlijke stappen niet; dit sjabloon volgt de drie "
            "onderdelen die ze wel noemen. Vul de stappen aan uit de praktijkhandleiding."
        ),
        "steps": [
            _step("Samenwerking", "Partners en afspraken over de samenwerking vastleggen.", "", []),
            _step("Analyse", "De groep en de risicofactoren in beeld brengen.", "", []),
            _step("Interventies", "Passende interventies inzetten en volgen.", "", []),
        ],
    },
    {
        "key": "nypels-verbindend-samenwerken",
        "title": "Verbindend samenwerken in vier stappen (Aanpak Nypels)",
        "origin": "Aanpak Nypels, Wijkersloot, gemeente Nieuwegein",
        "lead_time": "doorlopend",
        "description": (
            "Een lus die steeds opnieuw rond gaat: aanwezig zijn in de buurt, met bewoners "
            "duiden wat er speelt en laten zien wat er met hun signalen gebeurt."
        ),
        "steps": [
            _step(
                "Signalen ophalen",
                "Aanwezig zijn in de buurt, via huisbezoeken en via partnerorganisaties.",
                "",
                [],
                gate=False,
            ),
            _step("Trends destilleren", "Trends en signalen uit de gesprekken halen.", "", []),
            _step(
                "Vertalen met bewoners",
                "De ontwikkelingen in grote lijnen vertalen, samen met bewoners.",
                "",
                [],
                gate=False,
            ),
            _step(
                "Terugkoppelen",
                "Bewoners laten weten wat er met hun signalen is gedaan, ook als iets niet lukt.",
                "Vertrouwen",
                [],
            ),
        ],
    },
    {
        "key": "veilig-buitengebied-pdca",
        "title": "Veilig Buitengebied: plan-do-check-act",
        "origin": "Het CCV, lokale aanpak Veilig Buitengebied",
        "lead_time": "doorlopende cyclus",
        "description": (
            "Duurzaam samenwerken met publieke en private partijen in het buitengebied, als "
            "doorlopende cyclus van plannen, uitvoeren, controleren en bijsturen."
        ),
        "steps": [
            _step(
                "Plan: samenwerking en veiligheidsanalyse",
                "Afspreken wie meedoet en hoe; de veiligheidsproblemen inventariseren met "
                "enquêtes en cijfers van de partijen.",
                "Plan van aanpak met concrete afspraken (samenwerkingsconvenant)",
                [
                    "Samenwerking vormgeven",
                    "Veiligheidsproblemen inventariseren",
                    "Plan van aanpak en afspraken",
                ],
            ),
            _step(
                "Do: maatregelen uitvoeren",
                "De afgesproken maatregelen uitvoeren, zoals groene nachten.",
                "",
                [],
            ),
            _step("Check: resultaten toetsen", "Nagaan wat de maatregelen opleveren.", "", []),
            _step("Act: bijsturen en borgen", "Bijsturen en de kwaliteit borgen.", "", []),
        ],
    },
]
