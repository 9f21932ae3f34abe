package ma.manchette.bench;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A seeded corpus of RSS 2.0 feeds resembling Moroccan outlets: French and Arabic titles, HTML
 * descriptions with entities, categories, authors, pubDates, guids, some images. Built once in
 * memory; the same bytes feed Manchette, the Rome floor, and (as rows) the COPY floor.
 */
final class IngestCorpus {
  /** One generated item, as the COPY floor writes it. */
  record Row(
      String outletId,
      String guid,
      String title,
      String url,
      String summary,
      String image,
      String author,
      String section,
      String lang,
      Instant published) {}

  final List<byte[]> feeds = new ArrayList<>();
  final List<List<Row>> rows = new ArrayList<>();
  final int outlets;
  final int items;

  private static final String[] FR = {
    "Le gouvernement",
    "La Banque Al-Maghrib",
    "Le Raja de Casablanca",
    "La région de Souss-Massa",
    "Le ministère de l'Éducation",
    "Les agriculteurs du Gharb",
    "Le port de Tanger Med",
    "L'ONCF",
    "La Bourse de Casablanca",
    "Le Wydad",
    "Les élus de Fès",
    "Le Parlement",
    "L'OCP",
    "Les pêcheurs de Dakhla",
    "La commune d'Agadir"
  };
  private static final String[] FR_VERB = {
    "annonce", "lance", "dévoile", "prépare", "adopte", "reporte", "confirme", "critique"
  };
  private static final String[] FR_OBJ = {
    "un nouveau plan de soutien aux PME",
    "la réforme du système de retraite",
    "un programme d'irrigation pour 2027",
    "les résultats du premier semestre",
    "une hausse du taux directeur",
    "la construction d'une ligne à grande vitesse",
    "des mesures contre la sécheresse",
    "le calendrier de la Botola Pro",
    "un accord avec l'Union européenne",
    "la rénovation de la médina"
  };
  private static final String[] AR = {
    "الحكومة",
    "بنك المغرب",
    "الرجاء البيضاوي",
    "جهة سوس ماسة",
    "وزارة التربية الوطنية",
    "فلاحو الغرب",
    "ميناء طنجة المتوسط",
    "المكتب الوطني للسكك الحديدية",
    "بورصة الدار البيضاء",
    "الوداد الرياضي",
    "البرلمان"
  };
  private static final String[] AR_VERB = {
    "تعلن", "تطلق", "تكشف", "تعتمد", "تؤجل", "تؤكد", "تنتقد"
  };
  private static final String[] AR_OBJ = {
    "مخططا جديدا لدعم المقاولات الصغرى",
    "إصلاح نظام التقاعد",
    "برنامجا للري في أفق 2027",
    "نتائج النصف الأول من السنة",
    "رفع سعر الفائدة الرئيسي",
    "إجراءات لمواجهة الجفاف",
    "اتفاقا مع الاتحاد الأوروبي",
    "ترميم المدينة العتيقة"
  };
  private static final String[] SECTIONS_FR = {
    "Politique", "Économie", "Sport", "Société", "Régions", "Culture", "Monde"
  };
  private static final String[] SECTIONS_AR = {
    "سياسة", "اقتصاد", "رياضة", "مجتمع", "جهات", "ثقافة", "دولي"
  };
  private static final String[] AUTHORS = {
    "Karim Benali",
    "Salma El Idrissi",
    "Youssef Amrani",
    "Nadia Tazi",
    "هشام العلوي",
    "فاطمة الزهراء بنعلي"
  };
  private static final String[] FILLER_FR = {
    "Selon les chiffres publiés mardi, la tendance se confirme &laquo;&nbsp;durablement&nbsp;&raquo;.",
    "Les professionnels du secteur saluent une décision &quot;attendue depuis longtemps&quot; &amp; demandent des garanties.",
    "Le dossier sera examiné en conseil de gouvernement jeudi prochain, a-t-on appris de source officielle.",
    "Plusieurs associations ont exprimé leurs réserves quant au calendrier de mise en &oelig;uvre.",
    "À Rabat comme à Casablanca, les réactions n&#39;ont pas tardé sur les réseaux sociaux."
  };
  private static final String[] FILLER_AR = {
    "وحسب الأرقام المنشورة يوم الثلاثاء، فإن هذا التوجه مرشح للاستمرار.",
    "ورحب المهنيون بهذا القرار &quot;المنتظر منذ مدة&quot; وطالبوا بضمانات إضافية.",
    "وسيعرض الملف على مجلس الحكومة يوم الخميس المقبل، حسب مصدر رسمي.",
    "وعبرت عدة جمعيات عن تحفظها بشأن الجدول الزمني للتنفيذ &amp; آليات التتبع."
  };
  private static final DateTimeFormatter RFC822 =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.ENGLISH);

  IngestCorpus(int outlets, int items, long seed) {
    this(outlets, items, seed, 100_000);
  }

  /**
   * {@code firstArticle}: the number of each feed's first article, so two corpora never share an
   * item.
   */
  IngestCorpus(int outlets, int items, long seed, int firstArticle) {
    this.outlets = outlets;
    this.items = items;
    Random r = new Random(seed);
    Instant now = Instant.now();
    for (int o = 0; o < outlets; o++) {
      boolean arabic =
          o % 3 == 2; // a third of the outlets publish in Arabic, like the Moroccan press
      String id = outletId(o);
      String home = "https://" + id + ".ma";
      List<Row> list = new ArrayList<>();
      StringBuilder x = new StringBuilder(64 * 1024);
      x.append(
              "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:media=\"http://search.yahoo.com/mrss/\" ")
          .append("xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n<channel>\n<title>")
          .append(arabic ? "جريدة " : "Journal ")
          .append(id)
          .append("</title>\n<link>")
          .append(home)
          .append("/</link>\n<description>")
          .append(arabic ? "آخر الأخبار" : "Toute l'actualité du Maroc")
          .append("</description>\n<language>")
          .append(arabic ? "ar" : "fr")
          .append("</language>\n");
      for (int i = 0; i < items; i++) {
        String title =
            arabic
                ? pick(r, AR)
                    + " "
                    + pick(r, AR_VERB)
                    + " "
                    + pick(r, AR_OBJ)
                    + " ("
                    + (o * items + i)
                    + ")"
                : pick(r, FR)
                    + " "
                    + pick(r, FR_VERB)
                    + " "
                    + pick(r, FR_OBJ)
                    + " ("
                    + (o * items + i)
                    + ")";
        String guid = home + "/article/" + (firstArticle + i);
        String url =
            home + "/" + (arabic ? "akhbar" : "actualite") + "/" + (firstArticle + i) + ".html";
        String section = arabic ? pick(r, SECTIONS_AR) : pick(r, SECTIONS_FR);
        String author = pick(r, AUTHORS);
        Instant published = now.minusSeconds(60L * (i + 1) + r.nextInt(50));
        String image = r.nextInt(3) == 0 ? home + "/uploads/2026/11/photo-" + i + ".jpg" : null;
        StringBuilder desc =
            new StringBuilder("<p><strong>")
                .append(arabic ? "الرباط" : "Rabat")
                .append("</strong> &ndash; ");
        int target = 300 + r.nextInt(500);
        while (desc.length() < target) {
          desc.append(arabic ? pick(r, FILLER_AR) : pick(r, FILLER_FR)).append(' ');
          if (r.nextInt(4) == 0) desc.append("</p><p>");
        }
        desc.append("<a href=\"")
            .append(url)
            .append("\">")
            .append(arabic ? "اقرأ المزيد" : "Lire la suite")
            .append("</a></p>");
        x.append("<item>\n<title>")
            .append(escape(title))
            .append("</title>\n<link>")
            .append(url)
            .append("</link>\n<guid isPermaLink=\"true\">")
            .append(guid)
            .append("</guid>\n<pubDate>")
            .append(RFC822.format(published.atOffset(ZoneOffset.ofHours(1))))
            .append("</pubDate>\n<dc:creator>")
            .append(escape(author))
            .append("</dc:creator>\n<category>")
            .append(escape(section))
            .append("</category>\n<category>")
            .append(arabic ? "المغرب" : "Maroc")
            .append("</category>\n<description>")
            .append(escape(desc.toString()))
            .append("</description>\n");
        if (image != null) {
          if (r.nextBoolean())
            x.append("<media:content url=\"")
                .append(image)
                .append("\" medium=\"image\" width=\"800\" height=\"450\"/>\n");
          else
            x.append("<enclosure url=\"")
                .append(image)
                .append("\" type=\"image/jpeg\" length=\"84512\"/>\n");
        }
        x.append("</item>\n");
        list.add(
            new Row(
                id,
                guid,
                title,
                url,
                desc.toString(),
                image,
                author,
                section,
                arabic ? "ar" : "fr",
                published));
      }
      x.append("</channel>\n</rss>\n");
      feeds.add(x.toString().getBytes(StandardCharsets.UTF_8));
      rows.add(list);
    }
  }

  static String outletId(int o) {
    return String.format(Locale.ROOT, "outlet%04d", o);
  }

  long bytes() {
    long n = 0;
    for (byte[] f : feeds) n += f.length;
    return n;
  }

  private static String pick(Random r, String[] a) {
    return a[r.nextInt(a.length)];
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
