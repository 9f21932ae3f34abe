// Every string of the interface, in French (default), Arabic and English.
// Values are plain strings or functions building a string (or, for sentences that embed a
// node such as a <bdi>, an array of strings and nodes). Never put remote data through innerHTML.

export const UI_LANGS = ['fr', 'ar', 'en'];
export const SECTIONS = ['', 'politique', 'economie', 'international', 'sport', 'societe', 'culture', 'videos', 'journaux'];
export const CONTENT_LANGS = ['fr', 'ar', 'en', 'es'];
export const REGIONS = [
  'tanger-tetouan-al-hoceima', 'oriental', 'fes-meknes', 'rabat-sale-kenitra', 'beni-mellal-khenifra',
  'casablanca-settat', 'marrakech-safi', 'draa-tafilalet', 'souss-massa', 'guelmim-oued-noun',
  'laayoune-sakia-el-hamra', 'dakhla-oued-ed-dahab',
];

const LOCALES = { fr: 'fr-FR', ar: 'ar-MA', en: 'en-GB' };
const STORAGE_KEY = 'manchette.ui';

const fr = {
  siteTagline: 'La presse marocaine en direct',
  skipToHeadlines: 'Aller aux titres',
  skipToContent: 'Aller au contenu',
  yLabel: 'titres / min',
  uiSwitch: "Langue de l'interface",
  sectionsNav: 'Rubriques',
  latestHeadlines: 'Derniers titres',
  feedRegion: 'Fil des titres',
  tickerLabel: 'En continu',
  tickerRegion: 'Bandeau des derniers titres',
  tickerEmpty: 'En attente des premiers titres…',
  statusLive: 'En direct',
  statusReconnecting: 'Reconnexion…',
  statusConnecting: 'Connexion…',
  statusOffline: 'Hors ligne',
  newTitles: (n) => (n === 1 ? '1 nouveau titre' : `${n} nouveaux titres`),
  filters: 'Filtres',
  filterOutlet: 'Source',
  filterLang: 'Langue',
  filterRegion: 'Région',
  filterQ: 'Recherche',
  searchPlaceholder: 'Rechercher un titre…',
  searchButton: 'Rechercher',
  allOutlets: 'Toutes les sources',
  allLangs: 'Toutes les langues',
  allRegions: 'Toutes les régions',
  clearFilters: 'Effacer les filtres',
  disabledOutlet: '(désactivée)',
  emptyList: 'Aucun titre pour le moment.',
  emptyFiltered: 'Aucun titre ne correspond à ces filtres.',
  keyboardHint: 'Raccourcis clavier : j / k pour passer d’un titre à l’autre.',
  footerAbout: 'Manchette rassemble en direct les titres des médias marocains ; chaque titre renvoie à sa source.',
  footerDashboard: 'Tableau de bord',
  footerFeed: 'Flux RSS',
  footerEmbed: 'Widget à intégrer',
  justNow: "à l'instant",
  secondsAgo: (n) => `il y a ${n} s`,
  minutesAgo: (n) => `il y a ${n} min`,
  hoursAgo: (n) => `il y a ${n} h`,
  daysAgo: (n) => `il y a ${n} j`,
  inSeconds: (n) => `dans ${n} s`,
  inMinutes: (n) => `dans ${n} min`,
  inHours: (n) => `dans ${n} h`,
  imminent: 'imminent',
  never: 'jamais',
  // article view
  backToList: '← Retour aux titres',
  loading: 'Chargement…',
  publishedIn: (name, date) => ['Publié dans ', name, ' le ', date],
  byAuthor: (a) => `Par ${a}`,
  readSource: "Lire l'article sur la source",
  visitHomepage: (name) => ["Pas de lien vers l'article : aller sur le site de ", name],
  readAlso: 'Lire aussi',
  notFound: "Cet article n'existe plus ou a été masqué.",
  loadFailed: "Impossible de charger l'article pour le moment.",
  retry: 'Réessayer',
  retracted: 'Ce titre a été retiré.',
  report: 'Signaler',
  reportLegend: 'Signaler ce contenu',
  reportReason: 'Motif',
  reasonInappropriate: 'Contenu inapproprié',
  reasonShockingImage: 'Image choquante',
  reasonMisinformation: 'Fausse information',
  reasonOther: 'Autre',
  reportImageOnly: "Seulement l'image",
  reportSend: 'Envoyer',
  reportCancel: 'Annuler',
  reportThanks: "Merci d'avoir signalé !",
  reportFailed: "Le signalement n'a pas pu être envoyé.",
  pageNotFound: "Cette page n'existe pas.",
  // dashboard
  dashTitle: 'Tableau de bord de la rédaction',
  dashBackToLive: '← Titres en direct',
  dashTiles: 'Indicateurs',
  tileSubscribers: 'Abonnés connectés',
  tileLag: 'Délai de détection',
  tileBacklog: "File d'écriture",
  tileUptime: 'En service depuis',
  subscribersDetail: (sse, ws) => `SSE ${sse} · WebSocket ${ws}`,
  lagDetail: (p99) => `p99 ${p99}`,
  lagP50: 'médiane (p50)',
  dbUp: 'Base de données : en ligne',
  dbDown: 'Base de données : hors ligne',
  written: (n) => `${n} titres enregistrés`,
  delivered: (n) => `${n} envois aux abonnés`,
  chartTitle: 'Titres par minute — 60 dernières minutes',
  chartTotal: 'Total',
  chartLive: (n) => `${n} titres reçus en direct depuis l'ouverture de la page`,
  chartSummary: (total, peak) => `${total} titres sur les 60 dernières minutes, au plus ${peak} par minute.`,
  outletsTitle: 'Sources',
  colName: 'Source',
  colEnabled: 'Active',
  colStatus: 'État',
  colError: 'Dernière erreur',
  colLastPoll: 'Dernier relevé',
  colLastNew: 'Dernier nouveau titre',
  colFailures: 'Échecs consécutifs',
  colNextPoll: 'Prochain relevé',
  colItems24h: 'Titres (24 h)',
  yes: 'oui',
  no: 'non',
  statusOk: 'ok',
  statusFailing: 'en échec',
  statusDisabled: 'désactivée',
  statusPending: 'en attente',
  // why an outlet fails, in a few words (the raw message stays behind a disclosure)
  errDns: 'Adresse du site introuvable (DNS)',
  errRefused: 'Connexion refusée par le serveur du site',
  errTimeout: 'Pas de réponse à temps (délai dépassé)',
  errTls: 'Connexion sécurisée impossible (TLS, certificat)',
  errCloudflare: 'Bloqué par le pare-feu Cloudflare (403)',
  errForbidden: 'Accès refusé par le site (403)',
  errNotFound: 'Flux introuvable à cette adresse (404)',
  errRateLimited: 'Le site demande de revenir plus tard',
  errHttp: (s) => `Le site répond par une erreur (HTTP ${s})`,
  errParse: "Réponse illisible : ce n'est pas un flux valide",
  errTooLarge: 'Réponse trop volumineuse',
  errRedirect: 'Redirection invalide ou en boucle',
  errBlocked: "Adresse interne refusée (hors de la liste d'autorisation)",
  errBadUrl: 'Adresse du flux invalide',
  errRobots: 'Page interdite aux robots par le site (robots.txt)',
  errNetwork: 'Connexion au site impossible',
  errOther: 'Erreur inattendue',
  errDetails: 'Détails techniques',
  failingOnly: 'Sources en échec seulement',
  failingCount: (n, total) => `${n} sur ${total} en échec`,
  noFailing: 'Aucune source en échec.',
  allFailing: 'Aucune source ne répond : vérifiez la connexion réseau du serveur (DNS, pare-feu, proxy).',
  tickerUnreachable: 'Les sources sont injoignables pour le moment : les titres arriveront dès qu’elles répondront.',
  demoHint: 'Pour essayer sans réseau, lancez la démo :',
  sourcesStatus: 'État des sources',
  sortBy: (col) => `Trier par ${col}`,
  statsUnavailable: 'Statistiques indisponibles pour le moment.',
  outletsUnavailable: 'Liste des sources indisponible pour le moment.',
  updatedAt: (rel) => `Mis à jour ${rel}`,
  durationDays: (d, h) => `${d} j ${h} h`,
  durationHours: (h, m) => `${h} h ${m} min`,
  durationMinutes: (m) => `${m} min`,
  sections: {
    '': 'À la Une', politique: 'Politique', economie: 'Économie', international: 'International', sport: 'Sport',
    societe: 'Société', culture: 'Culture', videos: 'Vidéos', journaux: 'Journaux',
  },
  moreSources: (n) => (n === 1 ? '+1 source' : `+${n} sources`),
  moreSourcesLabel: (n) => `${n === 1 ? '+1 source' : `+${n} sources`} : voir l’histoire`,
  breaking: 'À chaud',
  breakingNotice: (title) => `À chaud : ${title}`,
  storyKicker: 'Histoire',
  storyOutlets: 'Qui l’a donnée, et quand',
  storyFirst: 'en premier',
  storyTimeline: 'Chronologie',
  storyTimelineCaption: 'Chaque titre, dans l’ordre de détection, avec son retard sur le premier',
  colWhen: 'Heure',
  colSource: 'Source',
  colHeadline: 'Titre',
  colLag: 'Retard',
  storyByLang: 'Les titres par langue',
  storyOriginal: 'Original',
  storyNotFound: 'Cette histoire n’existe plus ou a été masquée.',
  storyLoadFailed: 'Impossible de charger l’histoire pour le moment.',
  lag: (ms) => lagText(ms, 's', 'min', 'h'),
  scoopsTitle: 'Scoops : qui donne l’information en premier',
  scoopsCaption: 'Par source : histoires données en premier et retard médian quand une autre l’a devancée',
  colFirst24: 'En premier (24 h)',
  colLag24: 'Retard médian (24 h)',
  colFirst7: 'En premier (7 j)',
  colLag7: 'Retard médian (7 j)',
  scoopsNone: 'Aucune histoire reprise par plusieurs sources pour le moment.',
  scoopsFailed: 'Les scoops ne peuvent pas être chargés pour le moment.',
  langs: { fr: 'Français', ar: 'Arabe', en: 'Anglais', es: 'Espagnol' },
  regions: {
    'tanger-tetouan-al-hoceima': 'Tanger-Tétouan-Al Hoceïma', oriental: "L'Oriental", 'fes-meknes': 'Fès-Meknès',
    'rabat-sale-kenitra': 'Rabat-Salé-Kénitra', 'beni-mellal-khenifra': 'Béni Mellal-Khénifra',
    'casablanca-settat': 'Casablanca-Settat', 'marrakech-safi': 'Marrakech-Safi', 'draa-tafilalet': 'Drâa-Tafilalet',
    'souss-massa': 'Souss-Massa', 'guelmim-oued-noun': 'Guelmim-Oued Noun',
    'laayoune-sakia-el-hamra': 'Laâyoune-Sakia El Hamra', 'dakhla-oued-ed-dahab': 'Dakhla-Oued Ed-Dahab',
  },
};

const ar = {
  siteTagline: 'الصحافة المغربية مباشرة',
  skipToHeadlines: 'الانتقال إلى العناوين',
  skipToContent: 'الانتقال إلى المحتوى',
  yLabel: 'عناوين / دقيقة',
  uiSwitch: 'لغة الواجهة',
  sectionsNav: 'الأقسام',
  latestHeadlines: 'آخر العناوين',
  feedRegion: 'شريط العناوين',
  tickerLabel: 'عاجل',
  tickerRegion: 'شريط آخر العناوين',
  tickerEmpty: 'في انتظار أولى العناوين…',
  statusLive: 'مباشر',
  statusReconnecting: 'جارٍ إعادة الاتصال…',
  statusConnecting: 'جارٍ الاتصال…',
  statusOffline: 'غير متصل',
  newTitles: (n) => (n === 1 ? 'عنوان جديد واحد' : n === 2 ? 'عنوانان جديدان' : `${n} عناوين جديدة`),
  filters: 'عوامل التصفية',
  filterOutlet: 'المصدر',
  filterLang: 'اللغة',
  filterRegion: 'الجهة',
  filterQ: 'بحث',
  searchPlaceholder: 'ابحث عن عنوان…',
  searchButton: 'بحث',
  allOutlets: 'كل المصادر',
  allLangs: 'كل اللغات',
  allRegions: 'كل الجهات',
  clearFilters: 'مسح عوامل التصفية',
  disabledOutlet: '(معطّل)',
  emptyList: 'لا توجد عناوين حالياً.',
  emptyFiltered: 'لا توجد عناوين مطابقة لهذه التصفية.',
  keyboardHint: 'اختصارات لوحة المفاتيح: j / k للتنقل بين العناوين.',
  footerAbout: 'تجمع «مانشيت» عناوين وسائل الإعلام المغربية مباشرة؛ وكل عنوان يحيل إلى مصدره.',
  footerDashboard: 'لوحة المتابعة',
  footerFeed: 'تغذية RSS',
  footerEmbed: 'أداة للتضمين',
  justNow: 'الآن',
  secondsAgo: (n) => rtf('ar', -n, 'second'),
  minutesAgo: (n) => rtf('ar', -n, 'minute'),
  hoursAgo: (n) => rtf('ar', -n, 'hour'),
  daysAgo: (n) => rtf('ar', -n, 'day'),
  inSeconds: (n) => rtf('ar', n, 'second'),
  inMinutes: (n) => rtf('ar', n, 'minute'),
  inHours: (n) => rtf('ar', n, 'hour'),
  imminent: 'وشيك',
  never: 'أبداً',
  backToList: '→ العودة إلى العناوين',
  loading: 'جارٍ التحميل…',
  publishedIn: (name, date) => ['نُشر في ', name, ' بتاريخ ', date],
  byAuthor: (a) => `بقلم ${a}`,
  readSource: 'قراءة المقال في المصدر',
  visitHomepage: (name) => ['لا رابط للمقال: زيارة موقع ', name],
  readAlso: 'اقرأ أيضاً',
  notFound: 'هذا المقال لم يعد موجوداً أو تم إخفاؤه.',
  loadFailed: 'تعذّر تحميل المقال حالياً.',
  retry: 'إعادة المحاولة',
  retracted: 'تم سحب هذا العنوان.',
  report: 'إبلاغ',
  reportLegend: 'الإبلاغ عن هذا المحتوى',
  reportReason: 'السبب',
  reasonInappropriate: 'محتوى غير لائق',
  reasonShockingImage: 'صورة صادمة',
  reasonMisinformation: 'معلومة زائفة',
  reasonOther: 'سبب آخر',
  reportImageOnly: 'الصورة فقط',
  reportSend: 'إرسال',
  reportCancel: 'إلغاء',
  reportThanks: 'شكراً على الإبلاغ!',
  reportFailed: 'تعذّر إرسال البلاغ.',
  pageNotFound: 'هذه الصفحة غير موجودة.',
  dashTitle: 'لوحة متابعة هيئة التحرير',
  dashBackToLive: '→ العناوين المباشرة',
  dashTiles: 'المؤشرات',
  tileSubscribers: 'المشتركون المتصلون',
  tileLag: 'مهلة الرصد',
  tileBacklog: 'طابور الكتابة',
  tileUptime: 'مدة التشغيل',
  subscribersDetail: (sse, ws) => `SSE ${sse} · WebSocket ${ws}`,
  lagDetail: (p99) => `p99 ${p99}`,
  lagP50: 'الوسيط (p50)',
  dbUp: 'قاعدة البيانات: متصلة',
  dbDown: 'قاعدة البيانات: غير متصلة',
  written: (n) => `${n} عنوان محفوظ`,
  delivered: (n) => `${n} إرسال إلى المشتركين`,
  chartTitle: 'العناوين في الدقيقة — آخر 60 دقيقة',
  chartTotal: 'المجموع',
  chartLive: (n) => `${n} عنوان وصل مباشرة منذ فتح الصفحة`,
  chartSummary: (total, peak) => `${total} عنوان خلال آخر 60 دقيقة، بحد أقصى ${peak} في الدقيقة.`,
  outletsTitle: 'المصادر',
  colName: 'المصدر',
  colEnabled: 'مفعّل',
  colStatus: 'الحالة',
  colError: 'آخر خطأ',
  colLastPoll: 'آخر جلب',
  colLastNew: 'آخر عنوان جديد',
  colFailures: 'إخفاقات متتالية',
  colNextPoll: 'الجلب التالي',
  colItems24h: 'عناوين (24 س)',
  yes: 'نعم',
  no: 'لا',
  statusOk: 'سليم',
  statusFailing: 'متعثر',
  statusDisabled: 'معطّل',
  statusPending: 'في الانتظار',
  errDns: 'عنوان الموقع غير موجود (DNS)',
  errRefused: 'رفض خادم الموقع الاتصال',
  errTimeout: 'لا رد في الوقت المحدد (انتهت المهلة)',
  errTls: 'تعذّر الاتصال الآمن (TLS، الشهادة)',
  errCloudflare: 'محجوب بجدار حماية Cloudflare ‏(403)',
  errForbidden: 'رفض الموقع الوصول (403)',
  errNotFound: 'الخلاصة غير موجودة في هذا العنوان (404)',
  errRateLimited: 'يطلب الموقع العودة لاحقاً',
  errHttp: (s) => `يرد الموقع بخطأ (HTTP ${s})`,
  errParse: 'رد غير مقروء: ليس خلاصة صالحة',
  errTooLarge: 'الرد كبير جداً',
  errRedirect: 'إعادة توجيه غير صالحة أو دائرية',
  errBlocked: 'عنوان داخلي مرفوض (خارج قائمة السماح)',
  errBadUrl: 'عنوان الخلاصة غير صالح',
  errRobots: 'يمنع الموقع الروبوتات من هذه الصفحة (robots.txt)',
  errNetwork: 'تعذّر الاتصال بالموقع',
  errOther: 'خطأ غير متوقع',
  errDetails: 'التفاصيل التقنية',
  failingOnly: 'المصادر المتعثرة فقط',
  failingCount: (n, total) => `${n} من ${total} متعثرة`,
  noFailing: 'لا يوجد مصدر متعثر.',
  allFailing: 'لا يستجيب أي مصدر: تحقّق من اتصال الخادم بالشبكة (DNS، الجدار الناري، الوكيل).',
  tickerUnreachable: 'تعذّر الوصول إلى المصادر حالياً، وستصل العناوين فور استجابتها.',
  demoHint: 'للتجربة دون شبكة، شغّل العرض التجريبي:',
  sourcesStatus: 'حالة المصادر',
  sortBy: (col) => `ترتيب حسب ${col}`,
  statsUnavailable: 'الإحصاءات غير متاحة حالياً.',
  outletsUnavailable: 'قائمة المصادر غير متاحة حالياً.',
  updatedAt: (rel) => `آخر تحديث ${rel}`,
  durationDays: (d, h) => `${d} ي ${h} س`,
  durationHours: (h, m) => `${h} س ${m} د`,
  durationMinutes: (m) => `${m} د`,
  sections: {
    '': 'الرئيسية', politique: 'سياسة', economie: 'اقتصاد', international: 'دولي', sport: 'رياضة',
    societe: 'مجتمع', culture: 'ثقافة', videos: 'فيديو', journaux: 'جرائد',
  },
  moreSources: (n) => (n === 1 ? '+1 مصدر' : `+${n} مصادر`),
  moreSourcesLabel: (n) => `${n === 1 ? '+1 مصدر' : `+${n} مصادر`}: عرض القصة`,
  breaking: 'عاجل',
  breakingNotice: (title) => `عاجل: ${title}`,
  storyKicker: 'قصة',
  storyOutlets: 'من نشرها، ومتى',
  storyFirst: 'أولاً',
  storyTimeline: 'التسلسل الزمني',
  storyTimelineCaption: 'كل عنوان بترتيب رصده، مع تأخره عن الأول',
  colWhen: 'الوقت',
  colSource: 'المصدر',
  colHeadline: 'العنوان',
  colLag: 'التأخر',
  storyByLang: 'العناوين حسب اللغة',
  storyOriginal: 'الأصل',
  storyNotFound: 'هذه القصة لم تعد موجودة أو تم إخفاؤها.',
  storyLoadFailed: 'تعذّر تحميل القصة حالياً.',
  lag: (ms) => lagText(ms, 'ث', 'د', 'س'),
  scoopsTitle: 'السبق: من ينشر الخبر أولاً',
  scoopsCaption: 'لكل مصدر: القصص التي نشرها أولاً ومتوسط تأخره حين سبقه غيره',
  colFirst24: 'أولاً (24 س)',
  colLag24: 'التأخر الوسيط (24 س)',
  colFirst7: 'أولاً (7 أيام)',
  colLag7: 'التأخر الوسيط (7 أيام)',
  scoopsNone: 'لا توجد حالياً قصة تناقلتها عدة مصادر.',
  scoopsFailed: 'تعذّر تحميل السبق حالياً.',
  langs: { fr: 'الفرنسية', ar: 'العربية', en: 'الإنجليزية', es: 'الإسبانية' },
  regions: {
    'tanger-tetouan-al-hoceima': 'طنجة تطوان الحسيمة', oriental: 'الشرق', 'fes-meknes': 'فاس مكناس',
    'rabat-sale-kenitra': 'الرباط سلا القنيطرة', 'beni-mellal-khenifra': 'بني ملال خنيفرة',
    'casablanca-settat': 'الدار البيضاء سطات', 'marrakech-safi': 'مراكش آسفي', 'draa-tafilalet': 'درعة تافيلالت',
    'souss-massa': 'سوس ماسة', 'guelmim-oued-noun': 'كلميم واد نون',
    'laayoune-sakia-el-hamra': 'العيون الساقية الحمراء', 'dakhla-oued-ed-dahab': 'الداخلة وادي الذهب',
  },
};

const en = {
  siteTagline: 'The Moroccan press, live',
  skipToHeadlines: 'Skip to headlines',
  skipToContent: 'Skip to content',
  yLabel: 'headlines / min',
  uiSwitch: 'Interface language',
  sectionsNav: 'Sections',
  latestHeadlines: 'Latest headlines',
  feedRegion: 'Headline feed',
  tickerLabel: 'Live',
  tickerRegion: 'Latest headlines ticker',
  tickerEmpty: 'Waiting for the first headlines…',
  statusLive: 'Live',
  statusReconnecting: 'Reconnecting…',
  statusConnecting: 'Connecting…',
  statusOffline: 'Offline',
  newTitles: (n) => (n === 1 ? '1 new headline' : `${n} new headlines`),
  filters: 'Filters',
  filterOutlet: 'Outlet',
  filterLang: 'Language',
  filterRegion: 'Region',
  filterQ: 'Search',
  searchPlaceholder: 'Search headlines…',
  searchButton: 'Search',
  allOutlets: 'All outlets',
  allLangs: 'All languages',
  allRegions: 'All regions',
  clearFilters: 'Clear filters',
  disabledOutlet: '(disabled)',
  emptyList: 'No headlines yet.',
  emptyFiltered: 'No headlines match these filters.',
  keyboardHint: 'Keyboard shortcuts: j / k move between headlines.',
  footerAbout: 'Manchette gathers the headlines of Moroccan news outlets live; every headline links to its source.',
  footerDashboard: 'Dashboard',
  footerFeed: 'RSS feed',
  footerEmbed: 'Embeddable widget',
  justNow: 'just now',
  secondsAgo: (n) => `${n} s ago`,
  minutesAgo: (n) => `${n} min ago`,
  hoursAgo: (n) => `${n} h ago`,
  daysAgo: (n) => `${n} d ago`,
  inSeconds: (n) => `in ${n} s`,
  inMinutes: (n) => `in ${n} min`,
  inHours: (n) => `in ${n} h`,
  imminent: 'imminent',
  never: 'never',
  backToList: '← Back to headlines',
  loading: 'Loading…',
  publishedIn: (name, date) => ['Published in ', name, ' on ', date],
  byAuthor: (a) => `By ${a}`,
  readSource: 'Read the article at the source',
  visitHomepage: (name) => ['No link to the article: visit the website of ', name],
  readAlso: 'Read also',
  notFound: 'This article no longer exists or has been hidden.',
  loadFailed: 'The article cannot be loaded right now.',
  retry: 'Retry',
  retracted: 'This headline has been withdrawn.',
  report: 'Report',
  reportLegend: 'Report this content',
  reportReason: 'Reason',
  reasonInappropriate: 'Inappropriate content',
  reasonShockingImage: 'Shocking image',
  reasonMisinformation: 'False information',
  reasonOther: 'Other',
  reportImageOnly: 'Only the image',
  reportSend: 'Send',
  reportCancel: 'Cancel',
  reportThanks: 'Thank you for reporting!',
  reportFailed: 'The report could not be sent.',
  pageNotFound: 'This page does not exist.',
  dashTitle: 'Newsroom dashboard',
  dashBackToLive: '← Live headlines',
  dashTiles: 'Indicators',
  tileSubscribers: 'Connected subscribers',
  tileLag: 'Detection lag',
  tileBacklog: 'Write backlog',
  tileUptime: 'Uptime',
  subscribersDetail: (sse, ws) => `SSE ${sse} · WebSocket ${ws}`,
  lagDetail: (p99) => `p99 ${p99}`,
  lagP50: 'median (p50)',
  dbUp: 'Database: up',
  dbDown: 'Database: down',
  written: (n) => `${n} headlines stored`,
  delivered: (n) => `${n} deliveries to subscribers`,
  chartTitle: 'Headlines per minute — last 60 minutes',
  chartTotal: 'Total',
  chartLive: (n) => `${n} headlines received live since this page opened`,
  chartSummary: (total, peak) => `${total} headlines in the last 60 minutes, at most ${peak} per minute.`,
  outletsTitle: 'Outlets',
  colName: 'Outlet',
  colEnabled: 'Enabled',
  colStatus: 'Status',
  colError: 'Last error',
  colLastPoll: 'Last poll',
  colLastNew: 'Last new headline',
  colFailures: 'Consecutive failures',
  colNextPoll: 'Next poll',
  colItems24h: 'Headlines (24 h)',
  yes: 'yes',
  no: 'no',
  statusOk: 'ok',
  statusFailing: 'failing',
  statusDisabled: 'disabled',
  statusPending: 'pending',
  errDns: 'Site address not found (DNS)',
  errRefused: "Connection refused by the site's server",
  errTimeout: 'No answer in time (timed out)',
  errTls: 'Secure connection failed (TLS, certificate)',
  errCloudflare: 'Blocked by the Cloudflare firewall (403)',
  errForbidden: 'Access denied by the site (403)',
  errNotFound: 'No feed at this address (404)',
  errRateLimited: 'The site asks to come back later',
  errHttp: (s) => `The site answers with an error (HTTP ${s})`,
  errParse: 'Unreadable answer: not a valid feed',
  errTooLarge: 'Answer too large',
  errRedirect: 'Invalid or looping redirect',
  errBlocked: 'Internal address refused (not on the allow-list)',
  errBadUrl: 'Invalid feed address',
  errRobots: 'The site forbids robots on this page (robots.txt)',
  errNetwork: 'Cannot connect to the site',
  errOther: 'Unexpected error',
  errDetails: 'Technical details',
  failingOnly: 'Failing sources only',
  failingCount: (n, total) => `${n} of ${total} failing`,
  noFailing: 'No source is failing.',
  allFailing: "No source answers: check the server's network connection (DNS, firewall, proxy).",
  tickerUnreachable: 'The sources cannot be reached right now; headlines will arrive as soon as they answer.',
  demoHint: 'To try it without a network, run the demo:',
  sourcesStatus: 'Sources status',
  sortBy: (col) => `Sort by ${col}`,
  statsUnavailable: 'Statistics unavailable right now.',
  outletsUnavailable: 'Outlet list unavailable right now.',
  updatedAt: (rel) => `Updated ${rel}`,
  durationDays: (d, h) => `${d} d ${h} h`,
  durationHours: (h, m) => `${h} h ${m} min`,
  durationMinutes: (m) => `${m} min`,
  sections: {
    '': 'Top stories', politique: 'Politics', economie: 'Economy', international: 'World', sport: 'Sport',
    societe: 'Society', culture: 'Culture', videos: 'Videos', journaux: 'Newspapers',
  },
  moreSources: (n) => (n === 1 ? '+1 source' : `+${n} sources`),
  moreSourcesLabel: (n) => `${n === 1 ? '+1 source' : `+${n} sources`}: see the story`,
  breaking: 'Breaking',
  breakingNotice: (title) => `Breaking: ${title}`,
  storyKicker: 'Story',
  storyOutlets: 'Who carried it, and when',
  storyFirst: 'first',
  storyTimeline: 'Timeline',
  storyTimelineCaption: 'Every headline in the order it was detected, with its lag behind the first',
  colWhen: 'Time',
  colSource: 'Source',
  colHeadline: 'Headline',
  colLag: 'Lag',
  storyByLang: 'Headlines by language',
  storyOriginal: 'Original',
  storyNotFound: 'This story no longer exists or has been hidden.',
  storyLoadFailed: 'The story cannot be loaded right now.',
  lag: (ms) => lagText(ms, 's', 'min', 'h'),
  scoopsTitle: 'Scoops: who breaks the news first',
  scoopsCaption: 'Per source: stories broken first, and the median lag when another was first',
  colFirst24: 'First (24 h)',
  colLag24: 'Median lag (24 h)',
  colFirst7: 'First (7 days)',
  colLag7: 'Median lag (7 days)',
  scoopsNone: 'No story carried by several sources yet.',
  scoopsFailed: 'The scoops cannot be loaded right now.',
  langs: { fr: 'French', ar: 'Arabic', en: 'English', es: 'Spanish' },
  regions: {
    'tanger-tetouan-al-hoceima': 'Tanger-Tétouan-Al Hoceïma', oriental: 'Oriental', 'fes-meknes': 'Fès-Meknès',
    'rabat-sale-kenitra': 'Rabat-Salé-Kénitra', 'beni-mellal-khenifra': 'Béni Mellal-Khénifra',
    'casablanca-settat': 'Casablanca-Settat', 'marrakech-safi': 'Marrakech-Safi', 'draa-tafilalet': 'Drâa-Tafilalet',
    'souss-massa': 'Souss-Massa', 'guelmim-oued-noun': 'Guelmim-Oued Noun',
    'laayoune-sakia-el-hamra': 'Laâyoune-Sakia El Hamra', 'dakhla-oued-ed-dahab': 'Dakhla-Oued Ed-Dahab',
  },
};

const DICT = { fr, ar, en };

/** "+45 s", "+12 min", "+2 h 5 min": a lag behind the first outlet, in the units given. */
function lagText(ms, s, min, h) {
  const sec = Math.max(0, Math.round(Number(ms) / 1000));
  if (sec < 60) return `+${sec} ${s}`;
  const m = Math.round(sec / 60);
  if (m < 60) return `+${m} ${min}`;
  return m % 60 ? `+${Math.floor(m / 60)} ${h} ${m % 60} ${min}` : `+${m / 60} ${h}`;
}
let current = 'fr';

function rtf(lang, n, unit) {
  try {
    return new Intl.RelativeTimeFormat(LOCALES[lang] || lang, { numeric: 'always' }).format(n, unit);
  } catch {
    return `${n} ${unit}`;
  }
}

/** The interface language: ?ui= wins, then localStorage, then French. */
export function detectUiLang() {
  const fromUrl = new URLSearchParams(location.search).get('ui');
  if (fromUrl && UI_LANGS.includes(fromUrl)) return fromUrl;
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored && UI_LANGS.includes(stored)) return stored;
  } catch { /* storage may be blocked */ }
  return 'fr';
}

export function uiLang() {
  return current;
}

export function uiDir() {
  return current === 'ar' ? 'rtl' : 'ltr';
}

export function locale() {
  return LOCALES[current] || 'fr-FR';
}

/** Sets the language, remembers it and mirrors it on <html lang dir>. */
export function setUiLang(lang, { remember = true } = {}) {
  current = UI_LANGS.includes(lang) ? lang : 'fr';
  if (remember) {
    try { localStorage.setItem(STORAGE_KEY, current); } catch { /* ignore */ }
  }
  document.documentElement.lang = current;
  document.documentElement.dir = uiDir();
  return current;
}

/** At page start: the detected language applied, remembered and mirrored in the URL. */
export function initUiLang() {
  setUiLang(detectUiLang());
  reflectUiInUrl();
  return current;
}

/** ?ui= in the address bar (absent for French), without a new history entry. */
export function reflectUiInUrl() {
  const url = new URL(location.href);
  if (current === 'fr') url.searchParams.delete('ui');
  else url.searchParams.set('ui', current);
  const next = `${url.pathname}${url.search}${url.hash}`;
  if (next !== `${location.pathname}${location.search}${location.hash}`) history.replaceState(history.state, '', next);
}

/** The FR | ع | EN switch: buttons[data-ui] inside container; onChange after the language changed. */
export function bindUiSwitch(container, onChange) {
  const buttons = [...(container?.querySelectorAll('button[data-ui]') ?? [])];
  const sync = () => {
    for (const b of buttons) b.setAttribute('aria-pressed', String(b.dataset.ui === current));
  };
  for (const b of buttons) {
    b.addEventListener('click', () => {
      if (b.dataset.ui === current) return;
      setUiLang(b.dataset.ui);
      reflectUiInUrl();
      sync();
      onChange(current);
    });
  }
  sync();
}

/** A string of the current language (falls back to French, then to the key). */
export function t(key, ...args) {
  const v = DICT[current][key] ?? fr[key];
  if (v === undefined) return key;
  return typeof v === 'function' ? v(...args) : v;
}

export function sectionName(slug) {
  const s = slug || '';
  return DICT[current].sections[s] ?? fr.sections[s] ?? s;
}

export function regionName(slug) {
  return DICT[current].regions[slug] ?? fr.regions[slug] ?? slug;
}

export function langName(code) {
  return DICT[current].langs[code] ?? fr.langs[code] ?? code;
}

/** Fills elements carrying data-i18n (text), data-i18n-placeholder, data-i18n-aria-label, data-i18n-title. */
export function applyI18n(root = document) {
  for (const node of root.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  for (const node of root.querySelectorAll('[data-i18n-placeholder]')) node.setAttribute('placeholder', t(node.dataset.i18nPlaceholder));
  for (const node of root.querySelectorAll('[data-i18n-aria-label]')) node.setAttribute('aria-label', t(node.dataset.i18nAriaLabel));
  for (const node of root.querySelectorAll('[data-i18n-title]')) node.setAttribute('title', t(node.dataset.i18nTitle));
}

/**
 * Relative time: "à l'instant", "il y a 2 min", "il y a 3 h", "dans 40 s".
 * withSeconds shows "il y a 12 s" instead of "à l'instant" (dashboard).
 */
export function relTime(date, now = Date.now(), { withSeconds = false } = {}) {
  const ms = date instanceof Date ? date.getTime() : typeof date === 'number' ? date : Date.parse(date);
  if (!Number.isFinite(ms)) return '—';
  const diff = Math.round((now - ms) / 1000); // > 0: past
  if (diff < 0) {
    const ahead = -diff;
    if (!withSeconds) return t('justNow'); // a headline from the future is clock skew
    if (ahead < 1) return t('imminent');
    if (ahead < 90) return t('inSeconds', ahead);
    if (ahead < 3600) return t('inMinutes', Math.round(ahead / 60));
    return t('inHours', Math.round(ahead / 3600));
  }
  if (withSeconds) {
    if (diff < 2) return t('justNow');
    if (diff < 90) return t('secondsAgo', diff);
  } else if (diff < 60) {
    return t('justNow');
  }
  if (diff < 3600) return t('minutesAgo', Math.max(1, Math.floor(diff / 60)));
  if (diff < 86400) return t('hoursAgo', Math.floor(diff / 3600));
  if (diff < 7 * 86400) return t('daysAgo', Math.floor(diff / 86400));
  return formatDate(ms, { dateStyle: 'medium' });
}

/** A date in the interface locale (fr-FR by default): "28 novembre 2026 à 18:00". */
export function formatDate(date, opts = { dateStyle: 'long', timeStyle: 'short' }) {
  const d = date instanceof Date ? date : new Date(date);
  if (!Number.isFinite(d.getTime())) return '';
  try {
    return new Intl.DateTimeFormat(locale(), opts).format(d);
  } catch {
    return d.toISOString();
  }
}
