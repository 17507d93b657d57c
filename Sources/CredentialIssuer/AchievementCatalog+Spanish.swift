import CredentialKit

/// The catalog in Spanish: the CC Certificate runs in Spanish too, and its learners get their
/// credential in the language they took the course in.
///
/// Written for readers across the Spanish-speaking world: neutral vocabulary ("derecho de
/// autor", "administración pública"), and wording that names people without gender where
/// Spanish allows it naturally ("docentes", "quien completa").
extension AchievementCatalog {
    static let spanish = Wording(
        language: "es",
        assessment: "Completar los módulos del curso y aprobar su evaluación basada en el desempeño: tareas prácticas en las que se aplican las licencias Creative Commons y un proyecto final, calificados por quienes facilitan el curso.",
        outcomesHeading: "Resultados de aprendizaje — al terminar, quien participa es capaz de:",
        bothParts: { audience in
            "Este certificado abarca el material de CORE junto con los aprendizajes propios de \(audience); para obtenerlo hay que completar ambas partes."
        },
        framework: "Resultados de aprendizaje del Certificado de Creative Commons",
        finalProject: "Proyecto final",
        courseGrade: "Calificación del curso",
        tags: ["Creative Commons", "licencias abiertas", "derecho de autor", "dominio público"],
        certificateBadge: { title in "Insignia del \(title)" },
        microcredentialBadge: { name in "Insignia de la microcredencial «\(name)»" })

    static let spanishCoreOutcomes = [
        "Explicar la relación de Creative Commons con el dominio público, el derecho de autor y los bienes comunes.",
        "Exponer los beneficios de las licencias Creative Commons.",
        "Usar Creative Commons de forma eficaz para que los recursos sean abiertos y se puedan compartir.",
        "Encontrar y utilizar recursos con licencia CC.",
        "Asesorar sobre el uso estratégico de Creative Commons.",
        "Ofrecer servicios de formación y apoyo relacionados con CC.",
        "Planificar e impulsar cambios institucionales sistémicos hacia la apertura.",
    ]

    static let spanishCore = CertificateText(
        title: "Certificado de Creative Commons: CORE",
        description: "Se otorga a quien completa el curso CORE del Certificado de Creative Commons: el conjunto completo de conocimientos sobre las licencias Creative Commons, el derecho de autor, el dominio público y los bienes comunes, evaluado mediante tareas prácticas y un proyecto final.",
        outcomes: spanishCoreOutcomes,
        audience: nil)

    static let spanishLibrarians = CertificateText(
        title: "Certificado de Creative Commons para profesionales de bibliotecas",
        description: "Se otorga a quien completa el Certificado de CC para profesionales de bibliotecas: los conocimientos de CORE más la labor bibliotecaria en torno al acceso abierto, los datos abiertos, los recursos educativos abiertos, la ciencia abierta y el dominio público.",
        outcomes: [
            "Explicar los beneficios de las licencias Creative Commons.",
            "Dar a conocer las oportunidades de compartir y difundir el conocimiento que ofrece la apertura.",
            "Apoyar la curación y la creación de recursos abiertos.",
            "Ofrecer servicios de formación y apoyo relacionados con CC.",
            "Ayudar a planificar cambios institucionales sistémicos hacia la apertura.",
        ],
        audience: "la labor bibliotecaria")

    static let spanishEducators = CertificateText(
        title: "Certificado de Creative Commons para docentes",
        description: "Se otorga a quien completa el Certificado de CC para docentes: los conocimientos de CORE más el uso, la creación y la adaptación de recursos educativos abiertos y la pedagogía abierta en la enseñanza.",
        outcomes: spanishCoreOutcomes + [
            "Encontrar, adaptar y crear recursos educativos abiertos para la enseñanza y el aprendizaje.",
            "Aplicar licencias abiertas a los materiales de los cursos y acompañar a colegas y estudiantes para que también lo hagan.",
        ],
        audience: "la docencia")

    static let spanishGovernment = CertificateText(
        title: "Certificado de Creative Commons para la administración pública",
        description: "Se otorga a quien completa el Certificado de CC para la administración pública: los conocimientos de CORE más la aplicación de licencias abiertas a las obras, los datos y las políticas financiados con fondos públicos.",
        outcomes: spanishCoreOutcomes + [
            "Asesorar sobre políticas de licencias abiertas para los recursos financiados con fondos públicos y la información del sector público.",
            "Aplicar las herramientas de Creative Commons a las obras de la administración y a los datos abiertos.",
        ],
        audience: "la función pública")

    static let spanishOpenCulture = CertificateText(
        title: "Certificado de Creative Commons para la cultura abierta",
        description: "Se otorga a quien completa el Certificado de CC para la cultura abierta: los conocimientos de CORE más el acceso abierto al patrimonio cultural en galerías, bibliotecas, archivos y museos (GLAM).",
        outcomes: spanishCoreOutcomes + [
            "Explicar cómo se aplican las políticas de acceso abierto y el dominio público a las colecciones de patrimonio cultural.",
            "Planificar cómo compartir en abierto las colecciones de una institución GLAM con las herramientas de Creative Commons.",
        ],
        audience: "las galerías, bibliotecas, archivos y museos")

    static let spanishPartner = PartnerText(
        name: "Introducción a los recursos educativos abiertos",
        description: "Curso de formación profesional continua, sin créditos académicos, de 9 semanas y en modalidad asíncrona (unas cinco horas por semana), ofrecido junto con una universidad asociada, que reúne y adapta lecciones del Certificado de Creative Commons sobre licencias abiertas, derecho de autor, educación abierta, uso legítimo (fair use) y dominio público.",
        criteria: """
            Completar los nueve módulos semanales y las tareas del curso:
            1. Explicar qué son las licencias abiertas y cómo funcionan las licencias Creative Commons.
            2. Distinguir entre derecho de autor, uso legítimo (fair use) y dominio público al reutilizar materiales.
            3. Encontrar, evaluar y adaptar recursos educativos abiertos.
            4. Publicar, como tarea final, un recurso de aprendizaje propio con una licencia abierta.
            """,
        alignedOutcome: spanishCoreOutcomes[3],
        tags: ["recursos educativos abiertos", "microcredencial"])
}
