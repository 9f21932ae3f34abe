package ma.manchette.demo;

import java.util.List;

/**
 * Invented but plausible Moroccan headlines, per language, that the demo outlets publish in turn.
 */
final class DemoHeadlines {
  private DemoHeadlines() {}

  record Headline(String title, String summary, String section) {}

  static final List<Headline> FR =
      List.of(
          new Headline(
              "Le Conseil de gouvernement adopte le projet de loi de finances",
              "Le texte sera transmis à la Chambre des représentants dès la semaine prochaine.",
              "politique"),
          new Headline(
              "Casablanca : la nouvelle ligne de tramway ouvre au public",
              "La ligne T3 relie désormais le port à Hay Hassani en quarante minutes.",
              "societe"),
          new Headline(
              "Les Lions de l'Atlas s'imposent face au Gabon",
              "Une victoire qui rapproche la sélection de la qualification.",
              "sport"),
          new Headline(
              "Tanger Med franchit un nouveau record de conteneurs",
              "Le port a traité plus de huit millions d'EVP sur douze mois.",
              "economie"),
          new Headline(
              "Marrakech accueille le Festival international du film",
              "Le jury est présidé cette année par une réalisatrice africaine.",
              "culture"),
          new Headline(
              "Agadir : la saison touristique dépasse les prévisions",
              "Les nuitées ont progressé de 18 % par rapport à l'an dernier.",
              "economie"),
          new Headline(
              "Fès : lancement de la restauration de la médina",
              "Le programme concerne plus de trois cents bâtisses historiques.",
              "culture"),
          new Headline(
              "Pluies torrentielles attendues dans le Rif",
              "La Direction de la météorologie nationale a émis une alerte orange.",
              "societe"));

  static final List<Headline> AR =
      List.of(
          new Headline(
              "الحكومة تصادق على مشروع قانون المالية للسنة المقبلة",
              "صادق مجلس الحكومة على المشروع قبل إحالته على البرلمان.",
              "politique"),
          new Headline(
              "افتتاح المعرض الدولي للنشر والكتاب بالرباط",
              "يشارك في الدورة الجديدة أكثر من سبعمائة عارض.",
              "culture"),
          new Headline(
              "المنتخب الوطني يفوز في مباراة ودية بطنجة",
              "سجل الأسود هدفين في الشوط الثاني.",
              "sport"),
          new Headline(
              "ارتفاع صادرات الفوسفاط خلال الأشهر الأولى",
              "حققت الصادرات نموا ملحوظا مقارنة بالسنة الماضية.",
              "economie"),
          new Headline(
              "أمطار رعدية مرتقبة بعدد من مناطق المملكة",
              "دعت المديرية العامة للأرصاد الجوية إلى توخي الحذر.",
              "societe"),
          new Headline(
              "إطلاق برنامج جديد لدعم السكن بمدينة وجدة",
              "يستهدف البرنامج الأسر ذات الدخل المحدود.",
              "societe"),
          new Headline(
              "مراكش تحتضن مؤتمرا دوليا حول الطاقات المتجددة",
              "يناقش المؤتمر مستقبل الهيدروجين الأخضر.",
              "economie"));

  static final List<Headline> EN =
      List.of(
          new Headline(
              "Morocco and Spain sign new renewable energy agreement",
              "The deal covers a subsea cable and green hydrogen exports.",
              "economie"),
          new Headline(
              "Rabat hosts African Union summit on food security",
              "Delegations from forty countries are attending.",
              "politique"),
          new Headline(
              "Atlas Lions climb in the FIFA world ranking",
              "The national team is now the best-ranked African side.",
              "sport"),
          new Headline(
              "Tourist arrivals in Morocco reach a record high",
              "The kingdom welcomed more than 1.5 million visitors last month.",
              "economie"),
          new Headline(
              "Chefchaouen named among the world's most beautiful towns",
              "The blue city keeps drawing visitors from across the globe.",
              "culture"),
          new Headline(
              "High-speed rail extension to Marrakech approved",
              "Construction is expected to start early next year.",
              "economie"));

  static final List<Headline> ES =
      List.of(
          new Headline(
              "Marruecos inaugura la mayor planta solar de África en Uarzazat",
              "El complejo Noor amplía su capacidad con una nueva fase.",
              "economie"),
          new Headline(
              "Tetuán celebra su festival de cine mediterráneo",
              "La muestra reúne películas de ambas orillas.",
              "culture"),
          new Headline(
              "El Wydad gana el derbi de Casablanca",
              "Un gol en el último minuto decidió el partido.",
              "sport"),
          new Headline(
              "Nueva conexión marítima entre Tánger y Algeciras",
              "La naviera ofrecerá diez salidas diarias.",
              "economie"),
          new Headline(
              "Alerta por calor en el sur de Marruecos",
              "Se esperan temperaturas de hasta 45 grados.",
              "societe"),
          new Headline(
              "Rabat acoge una cumbre sobre migración",
              "Ministros europeos y africanos debaten la cooperación.",
              "politique"));
}
