# key: (en, fr, es, ar)
KEYS = {
 "security.token.lastUsed": ("last used", "dernière utilisation", "último uso", "آخر استخدام"),
 "security.token.neverUsed": ("never used", "jamais utilisé", "nunca usado", "لم يُستخدم قط"),
 "security.token.expires": ("expires", "expire le", "caduca el", "ينتهي في"),
 "security.token.noExpiry": ("never expires", "n'expire jamais", "no caduca nunca", "لا ينتهي أبدًا"),
 "security.token.lifetime": ("Valid for", "Valable", "Válido durante", "صالح لمدة"),
 "security.token.days": ("{0} days", "{0} jours", "{0} días", "{0} يومًا"),
 "security.password.title": ("Change your password", "Changer votre mot de passe", "Cambiar su contraseña", "تغيير كلمة المرور"),
 "security.password.current": ("Current password", "Mot de passe actuel", "Contraseña actual", "كلمة المرور الحالية"),
 "security.password.save": ("Change the password", "Changer le mot de passe", "Cambiar la contraseña", "تغيير كلمة المرور"),
 "security.password.changed": ("Your password has been changed. Every other session and every API token has been ended.", "Votre mot de passe a été modifié. Toutes les autres sessions et tous les jetons d'API ont été révoqués.", "Su contraseña ha cambiado. Se han cerrado todas las demás sesiones y revocado todos los tokens de API.", "تم تغيير كلمة المرور. أُنهيت جميع الجلسات الأخرى وأُلغيت جميع رموز واجهة البرمجة."),
 "security.password.endsEverything": ("Choosing a new password signs you out everywhere and revokes all your API tokens.", "Choisir un nouveau mot de passe vous déconnecte partout et révoque tous vos jetons d'API.", "Elegir una nueva contraseña cierra su sesión en todas partes y revoca todos sus tokens de API.", "اختيار كلمة مرور جديدة يسجّل خروجك من كل مكان ويلغي جميع رموز واجهة البرمجة الخاصة بك."),
 "security.password.wrongCurrent": ("The current password is not right.", "Le mot de passe actuel n'est pas correct.", "La contraseña actual no es correcta.", "كلمة المرور الحالية غير صحيحة."),
"security.login.wait": ("Too many sign-in attempts with a wrong password from here. Please wait {0} seconds and try again, or reset your password.", "Trop de tentatives de connexion avec un mauvais mot de passe depuis cet endroit. Attendez {0} secondes avant de réessayer, ou réinitialisez votre mot de passe.", "Demasiados intentos de inicio de sesión con una contraseña incorrecta desde aquí. Espere {0} segundos e inténtelo de nuevo, o restablezca su contraseña.", "محاولات دخول كثيرة بكلمة مرور خاطئة من هنا. انتظر {0} ثانية ثم حاول مجددًا، أو أعد تعيين كلمة المرور."),
 "security.limit.contribution": ("A contribution may hold at most 100,000 characters. Your text is kept below: shorten it and send it again.", "Une contribution peut compter au plus 100 000 caractères. Votre texte est conservé ci-dessous : raccourcissez-le et envoyez-le à nouveau.", "Una contribución puede tener como máximo 100.000 caracteres. Su texto se conserva abajo: acórtelo y envíelo de nuevo.", "لا يجوز أن تتجاوز المساهمة 100000 حرف. نصك محفوظ أدناه: اختصره وأرسله مجددًا."),
 "security.limit.reply": ("A consolidated reply may hold at most 200,000 characters. Your text is kept below: shorten it and save it again.", "Une réponse consolidée peut compter au plus 200 000 caractères. Votre texte est conservé ci-dessous : raccourcissez-le et enregistrez-le à nouveau.", "Una respuesta consolidada puede tener como máximo 200.000 caracteres. Su texto se conserva abajo: acórtelo y guárdelo de nuevo.", "لا يجوز أن يتجاوز الرد الموحد 200000 حرف. نصك محفوظ أدناه: اختصره واحفظه مجددًا."),
 "security.edit.alreadyDecided": ("There is no edit waiting any more: another moderator has already decided.", "Aucune modification n'attend plus : un autre modérateur a déjà décidé.", "Ya no hay ninguna modificación pendiente: otro moderador ya ha decidido.", "لم يعد هناك تعديل بانتظار القرار: لقد قرر مشرف آخر بالفعل."),
 "security.edit.waiting": ("Your edit waits for a moderator. Readers see the published text until it is approved.", "Votre modification attend un modérateur. Les lecteurs voient le texte publié jusqu'à son approbation.", "Su modificación espera a un moderador. Los lectores ven el texto publicado hasta que se apruebe.", "تعديلك بانتظار مشرف. يرى القراء النص المنشور حتى تتم الموافقة عليه."),
 "security.edit.pendingTitle": ("Edit waiting for approval", "Modification en attente d'approbation", "Modificación pendiente de aprobación", "تعديل بانتظار الموافقة"),
 "security.edit.pendingSince": ("Sent on {0}", "Envoyée le {0}", "Enviada el {0}", "أُرسل في {0}"),
 "security.edit.approve": ("Publish this edit", "Publier cette modification", "Publicar esta modificación", "نشر هذا التعديل"),
 "security.edit.reject": ("Keep the published text", "Garder le texte publié", "Conservar el texto publicado", "الإبقاء على النص المنشور"),
 "security.edit.mark": ("edited", "modifié le", "editado el", "عُدّل في"),
 "security.translation.outdated": ("made from an earlier version of the original", "faite à partir d'une version antérieure de l'original", "hecha a partir de una versión anterior del original", "مُعدّة من نسخة سابقة من الأصل"),
 "security.search.noTerm": ("Your search has no word that can be searched for (only punctuation, symbols or exclusions), so nothing is listed. Add a word.", "Votre recherche ne contient aucun mot cherchable (seulement de la ponctuation, des symboles ou des exclusions) : rien n'est affiché. Ajoutez un mot.", "Su búsqueda no contiene ninguna palabra que se pueda buscar (solo puntuación, símbolos o exclusiones), así que no se muestra nada. Añada una palabra.", "لا يحتوي بحثك على أي كلمة قابلة للبحث (علامات ترقيم أو رموز أو استثناءات فقط)، لذلك لا يُعرض شيء. أضف كلمة."),
 "security.slug.reserved": ("This address is reserved; choose another one.", "Cette adresse est réservée ; choisissez-en une autre.", "Esta dirección está reservada; elija otra.", "هذا العنوان محجوز؛ اختر عنوانًا آخر."),
}
import os
base=os.path.join(os.path.dirname(__file__),'..','src','main','resources','i18n')
for i,lang in enumerate(["en","fr","es","ar"]):
    with open(os.path.join(base,f"security_{lang}.properties"),"w",encoding="utf-8") as f:
        f.write("# Security and input limits: tokens, passwords, edits awaiting approval, limits\n")
        for k,v in KEYS.items():
            f.write(f"{k}={v[i]}\n")
