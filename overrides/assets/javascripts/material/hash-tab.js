// Material's inline open-the-tab-in-the-URL-hash script (partials/javascripts/content.html), unchanged, as a file so a strict CSP allows it.
var target=document.getElementById(location.hash.slice(1));target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))
