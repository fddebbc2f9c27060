"""Bodies French mission letters name by their acronym, with their full names.

A letter names a body by its acronym and rarely spells it out; a reader knows "DGOS". This table is
that knowledge for the administrations mission letters usually involve (health, social affairs,
finance, the inspections, Parliament). An acronym not in it is still listed, with the letter's own
definition when it gives one.
"""

BODIES = {
    "AIS": "Agence de l'innovation en santé",
    "ANAP": "Agence nationale de la performance sanitaire et médico-sociale",
    "ANCT": "Agence nationale de la cohésion des territoires",
    "ANS": "Agence du numérique en santé",
    "ANSM": "Agence nationale de sécurité du médicament et des produits de santé",
    "ARS": "Agences régionales de santé",
    "ASIP Santé": "Agence des systèmes d'information partagés de santé",
    "ATIH": "Agence technique de l'information sur l'hospitalisation",
    "CCMSA": "Caisse centrale de la Mutualité sociale agricole",
    "CGEDD": "Conseil général de l'environnement et du développement durable",
    "CNAF": "Caisse nationale des allocations familiales",
    "CNAM": "Caisse nationale de l'assurance maladie",
    "CNAV": "Caisse nationale d'assurance vieillesse",
    "CNIL": "Commission nationale de l'informatique et des libertés",
    "CNSA": "Caisse nationale de solidarité pour l'autonomie",
    "DAE": "Direction des achats de l'État",
    "DARES": "Direction de l'animation de la recherche, des études et des statistiques",
    "DB": "Direction du budget",
    "DGAFP": "Direction générale de l'administration et de la fonction publique",
    "DGCL": "Direction générale des collectivités locales",
    "DGCS": "Direction générale de la cohésion sociale",
    "DGE": "Direction générale des entreprises",
    "DGEFP": "Délégation générale à l'emploi et à la formation professionnelle",
    "DGFiP": "Direction générale des finances publiques",
    "DGOS": "Direction générale de l'offre de soins",
    "DGS": "Direction générale de la santé",
    "DG Trésor": "Direction générale du Trésor",
    "DINUM": "Direction interministérielle du numérique",
    "DITP": "Direction interministérielle de la transformation publique",
    "DLPAJ": "Direction des libertés publiques et des affaires juridiques",
    "DMSMP": "Délégation ministérielle à la santé mentale et à la psychiatrie",
    "DNS": "Délégation ministérielle au numérique en santé",
    "DNUM": "Direction du numérique",
    "DREES": "Direction de la recherche, des études, de l'évaluation et des statistiques",
    "DSS": "Direction de la sécurité sociale",
    "DSSIS": "Délégation à la stratégie des systèmes d'information de santé",
    "GIE SESAM-Vitale": "Groupement d'intérêt économique SESAM-Vitale",
    "GRADeS": "Groupements régionaux d'appui au développement de la e-santé",
    "HAS": "Haute Autorité de santé",
    "HCAAM": "Haut Conseil pour l'avenir de l'assurance maladie",
    "HCSP": "Haut Conseil de la santé publique",
    "HFDS": "Haut fonctionnaire de défense et de sécurité",
    "IGA": "Inspection générale de l'administration",
    "IGAC": "Inspection générale des affaires culturelles",
    "IGAS": "Inspection générale des affaires sociales",
    "IGEDD": "Inspection générale de l'environnement et du développement durable",
    "IGESR": "Inspection générale de l'éducation, du sport et de la recherche",
    "IGF": "Inspection générale des finances",
    "IGJ": "Inspection générale de la justice",
    "INDS": "Institut national des données de santé",
    "INSEE": "Institut national de la statistique et des études économiques",
    "MSA": "Mutualité sociale agricole",
    "SGG": "Secrétariat général du Gouvernement",
    "SGMAS": "Secrétariat général des ministères chargés des affaires sociales",
    "URSSAF": "Unions de recouvrement des cotisations de sécurité sociale et d'allocations familiales",
}

# Bodies usually written out in words; matched as written (accents and case aside).
NAMED_BODIES = ("Santé publique France", "Health Data Hub", "PariSanté Campus", "Cour des comptes",
                "Conseil d'État", "Assemblée nationale", "Sénat", "France Stratégie", "Agence du numérique en santé",
                "GIE SESAM-Vitale", "ASIP Santé", "DG Trésor")

# Words a body's name starts with: "délégation à la stratégie des systèmes d'information (DSSIS)" is a
# body, "dossier médical partagé (DMP)" is not.
HEAD_NOUNS = ("agence", "autorite", "caisse", "centre", "comite", "commission", "conseil", "cour", "delegation",
              "direction", "etablissement", "federation", "groupement", "haut conseil", "haute autorite",
              "inspection", "institut", "mission", "observatoire", "office", "secretariat", "service", "union",
              "ministere", "association", "assemblee", "fondation")
